{{/* Chart name, 63 characters at most (a label value). */}}
{{- define "finops-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: fullnameOverride, else the release name (followed by the chart name unless
it already contains it), 63 characters at most. */}}
{{- define "finops-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* helm.sh/chart label value. */}}
{{- define "finops-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "finops-operator.labels" -}}
helm.sh/chart: {{ include "finops-operator.chart" . }}
{{ include "finops-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: finops
{{- end }}

{{/* Labels that select the operator's pods (immutable in the Deployment's selector: never add to them). */}}
{{- define "finops-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "finops-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The operator's service account. */}}
{{- define "finops-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "finops-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The exporter pods' service account; empty when none is created or named (pods use their namespace's default). */}}
{{- define "finops-operator.exporterServiceAccountName" -}}
{{- if .Values.exporter.serviceAccount.create }}
{{- default (printf "%s-exporter" (include "finops-operator.fullname" .) | trunc 63 | trimSuffix "-") .Values.exporter.serviceAccount.name }}
{{- else }}
{{- .Values.exporter.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Namespaces that get the exporter service account: the release namespace, the watched ones and extraNamespaces,
sorted and without repeats, one per line. */}}
{{- define "finops-operator.exporterNamespaces" -}}
{{- $all := concat (list .Release.Namespace) .Values.watchNamespaces .Values.exporter.serviceAccount.extraNamespaces }}
{{- range (uniq $all | sortAlpha) }}
{{ . }}
{{- end }}
{{- end }}

{{/* Operator image reference. */}}
{{- define "finops-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Exporter image reference: exporter.image, falling back to the operator image's repository and tag. */}}
{{- define "finops-operator.exporterImage" -}}
{{- $repository := .Values.exporter.image.repository | default .Values.image.repository }}
{{- $tag := .Values.exporter.image.tag | default .Values.image.tag | default .Chart.AppVersion }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/* Whether the ServiceMonitor is rendered: serviceMonitor.enabled true, or "auto"/unset and the API is served. */}}
{{- define "finops-operator.serviceMonitorEnabled" -}}
{{- $enabled := .Values.serviceMonitor.enabled }}
{{- if kindIs "bool" $enabled }}
{{- if $enabled }}true{{ end }}
{{- else if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" }}true
{{- end }}
{{- end }}

{{/* Checks of value combinations the schema cannot express; fails the render with a message. */}}
{{- define "finops-operator.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount %d needs leaderElection.enabled: without a Lease every replica would reconcile and scrape" (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.persistence.enabled (gt (int .Values.replicaCount) 1) (not .Values.persistence.existingClaim) (or (has "ReadWriteOnce" .Values.persistence.accessModes) (has "ReadWriteOncePod" .Values.persistence.accessModes)) }}
{{- fail "persistence with a ReadWriteOnce claim allows replicaCount 1 only: use ReadWriteMany or defaultDatabase.host" }}
{{- end }}
{{- if .Values.podDisruptionBudget.enabled }}
{{- $min := include "finops-operator.isSet" .Values.podDisruptionBudget.minAvailable }}
{{- $max := include "finops-operator.isSet" .Values.podDisruptionBudget.maxUnavailable }}
{{- if and $min $max }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both" }}
{{- else if not (or $min $max) }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "true" when a value is neither null nor the empty string (0 counts as set). */}}
{{- define "finops-operator.isSet" -}}
{{- if and (not (kindIs "invalid" .)) (ne (toString .) "") }}true{{ end }}
{{- end }}

{{/* "true" when the PrometheusRule is rendered: prometheusRule.enabled true, or "auto" and the CRD is served. */}}
{{- define "finops-operator.prometheusRuleEnabled" -}}
{{- $enabled := .Values.prometheusRule.enabled }}
{{- if kindIs "bool" $enabled }}
{{- if $enabled }}true{{ end }}
{{- else if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/PrometheusRule" }}true
{{- end }}
{{- end }}
