{{/*
RBAC rules, derived from the API calls in Sources/ (only what the code requests; Tests/Chart/chart.sh compares them
with the requests the binaries make against kapi and fails on a missing or an unexercised grant).
Request → verb: GET item = get, GET collection = list, GET ?watch = watch, POST = create, PUT = update,
PATCH = patch (a server-side apply that creates its object is also authorized as create), DELETE = delete.
*/}}

{{/* The operator, in every watched namespace (or cluster-wide). */}}
{{- define "finops-operator.operatorRules" -}}
# Informers list and watch every kind (FinOpsControllers/Wiring/FinOpsCaches.swift → KubeRuntime/Cache/Informer.swift:
# api.listAll, api.watch); ExporterScraperConfigs are also read from the API before a missing child is created
# (ExporterScraperReconciler.confirmOwnerIsLive: api.getIfPresent).
- apiGroups: [finops.krateo.io]
  resources: [exporterscraperconfigs]
  verbs: [get, list, watch]
- apiGroups: [finops.krateo.io]
  resources: [databaseconfigs, providerconfigs, resourceconfigs, metricconfigs]
  verbs: [list, watch]
# Status is replaced, compare-and-swap on resourceVersion (KubeRuntime/Controller/KubeAPI+Status.swift updateStatus →
# api.replaceStatus, a PUT on /status; from ExporterScraperReconciler.write and ConfigReconciler).
- apiGroups: [finops.krateo.io]
  resources: [exporterscraperconfigs/status, databaseconfigs/status, providerconfigs/status, resourceconfigs/status,
              metricconfigs/status]
  verbs: [update]
# Children carry a controller ownerReference with blockOwnerDeletion (KubeCore/Model/KubernetesObject.swift); where
# the OwnerReferencesPermissionEnforcement admission plugin runs (OpenShift), that needs update on the owner's
# finalizers subresource. No request of ours goes there.
- apiGroups: [finops.krateo.io]
  resources: [exporterscraperconfigs/finalizers]
  verbs: [update]
# Secrets: the informer keeps key names only (FinOpsCaches.keysOnly); values are read at the moment of use: database
# passwords (FinOpsPipelines/Scrape/DatabaseConnector.swift), endpoint Secrets of the scrape pipelines
# (Sources/Endpoint/SecretProvider.swift) and S3 credentials of FOCUS exports (Export/ExportStores.swift): api.get.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch]
# The exporter's Deployment, ConfigMap and Service: informers with the managed-by label selector (list, watch),
# server-side apply (KubeRuntime/Children/ChildApplier.apply: PATCH apply-patch, which creates a missing child, so
# create too) and deletion of controlled children no longer desired (ChildApplier.deleteUndesired: api.deleteIfPresent).
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list, watch, create, patch, delete]
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [list, watch, create, patch, delete]
# Events about the reconciled objects, in their namespaces (KubeRuntime/Events/EventRecorder.swift: api.create, and
# api.patch to count a repeat within 10 minutes).
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/* Exporter pods, in every watched namespace (or cluster-wide): the Secrets and ConfigMaps their configuration names. */}}
{{- define "finops-operator.exporterNamespacedRules" -}}
{{- if .Values.exporter.rbac.readSecrets }}
# Endpoint and token Secrets of another namespace (a pod mounts only its own namespace's):
# FinOpsPipelines/Sources/Endpoint/SecretProvider.swift ExporterSecretProvider.values → api.get.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
{{- if .Values.exporter.rbac.clusterSource }}
# The cluster source's pricing ConfigMap (spec.exporterConfig.cluster.pricingConfigMapRef), read at every poll:
# FinOpsPipelines/Sources/Cluster/ClusterSource.swift pricing(from:) → api.get.
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get]
{{- end }}
{{- end }}

{{/* Exporter pods, always cluster-wide: the cluster source's Nodes and Pods. */}}
{{- define "finops-operator.exporterClusterRules" -}}
{{- if .Values.exporter.rbac.clusterSource }}
# The cluster source watches every Node and Pod (FinOpsPipelines/Sources/Cluster/ClusterWatch.swift: informers with
# scope .all → list, watch; ClusterSource.listed() lists them without a watch).
- apiGroups: [""]
  resources: [nodes, pods]
  verbs: [list, watch]
{{- end }}
{{- end }}
