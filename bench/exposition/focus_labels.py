"""FOCUS-like label values for the exposition benchmark, identical to Sources/FinOpsBench/FocusLabelGenerator.swift.

Every value is a pure function of (row, column): `mix` is the SplitMix64 finalizer, so the Swift and Python sides
produce the same bytes without sharing state. Cardinalities follow a real FOCUS export: a few billing accounts and
providers, hundreds of sub-accounts, tens of regions and services, thousands of SKUs, hourly charge periods over one
month, and a resource id and list price that are (almost) unique per row. Lengths are 3-46 bytes, 20 bytes on average.
"""

MASK = (1 << 64) - 1

LABEL_NAMES = [
    "BillingAccountId", "BillingAccountName", "SubAccountId", "SubAccountName", "ProviderName",
    "RegionId", "AvailabilityZone", "ServiceName", "ServiceCategory", "ResourceId",
    "ResourceName", "ResourceType", "SkuId", "SkuPriceId", "ChargeCategory",
    "ChargeFrequency", "ChargePeriodStart", "ChargePeriodEnd", "PricingUnit", "ListUnitPrice",
]

PROVIDERS = ["AWS", "Microsoft", "Google Cloud", "Oracle"]
REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "ca-central-1",
    "westeurope", "northeurope", "eastus", "eastus2", "westus2", "centralus", "uksouth", "francecentral",
    "europe-west1", "us-central1",
]
SERVICES = [
    "Amazon Elastic Compute Cloud", "Amazon Simple Storage Service", "Amazon Relational Database Service",
    "AWS Lambda", "Amazon CloudFront", "Amazon DynamoDB", "Amazon Elastic Kubernetes Service", "AWS Data Transfer",
    "Virtual Machines", "Storage", "Azure SQL Database", "Azure Kubernetes Service", "Bandwidth", "Azure Monitor",
    "Azure App Service", "Compute Engine", "Cloud Storage", "BigQuery", "Cloud SQL", "Kubernetes Engine",
    "Networking", "Cloud Logging", "Oracle Cloud Infrastructure Compute", "Block Volume", "Object Storage",
    "Autonomous Database", "Load Balancer", "Key Management", "Amazon Elastic Block Store", "Azure Cosmos DB",
]
CATEGORIES = [
    "Compute", "Storage", "Databases", "Networking", "Analytics", "Management and Governance", "Security",
    "Web", "Containers", "Serverless", "AI and Machine Learning", "Other",
]
RESOURCE_TYPES = [
    "Virtual Machine", "Disk", "Bucket", "Database Instance", "Load Balancer", "Function", "Cluster",
    "NAT Gateway", "Public IP Address", "Snapshot", "Key Vault", "Container Registry", "Queue", "Table",
    "Distribution",
]
CHARGE_CATEGORIES = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]
CHARGE_FREQUENCIES = ["Usage-Based", "Recurring", "One-Time"]
PRICING_UNITS = ["Hours", "GB-Months", "GB", "Requests", "1K Requests", "vCPU-Hours", "GiB-Hours", "Units",
                 "10K Transactions", "IOPS-Months"]
WORDS = ["platform", "payments", "search", "data", "ml", "web", "mobile", "infra", "identity", "analytics",
         "billing", "ledger"]
ALPHANUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mix(x):
    """SplitMix64's finalizer: a 64-bit bijection with good avalanche."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def code(x, length):
    """`length` characters of [0-9A-Z] from the low digits of x."""
    out = []
    for _ in range(length):
        out.append(ALPHANUM[x % 36])
        x //= 36
    return "".join(out)


def pool(column, size, make):
    return [make(i, mix(column * 1_000_003 + i)) for i in range(size)]


ACCOUNT_IDS = pool(1, 4, lambda i, h: "%012d" % (h % 10**12))
ACCOUNT_NAMES = pool(2, 4, lambda i, h: "acme-%s-billing" % WORDS[h % len(WORDS)])
SUB_IDS = pool(3, 300, lambda i, h: "%08x-%04x-4%03x-a%03x-%012x" % (
    h >> 32, (h >> 16) & 0xFFFF, (h >> 4) & 0xFFF, (h >> 40) & 0xFFF, mix(h) >> 16))
SUB_NAMES = pool(4, 300, lambda i, h: "team-%s-%s-%03d" % (WORDS[h % len(WORDS)], WORDS[(h >> 8) % len(WORDS)], i))
SKU_IDS = pool(5, 2000, lambda i, h: "%s-%s" % (code(h, 4), code(h >> 24, 8)))
SKU_PRICE_IDS = pool(6, 5000, lambda i, h: "%s.%s.%s" % (code(h, 12), code(mix(h + 1), 10), code(mix(h + 2), 10)))


def row(seed, i):
    """The 20 label values and the sample value of row i."""
    base = (seed + i * 8) & MASK
    r0, r1, r2, r3, r4 = mix(base), mix(base + 1), mix(base + 2), mix(base + 3), mix(base + 4)
    account = (r0 & 0xFFFF) % 4
    sub = ((r0 >> 16) & 0xFFFF) % 300
    region = REGIONS[((r0 >> 40) & 0xFFFF) % 24]
    service = (r1 & 0xFFFF) % 30
    kind = ((r1 >> 16) & 0xFFFF) % 3
    if kind == 0:
        resource = "i-%016x" % r2
    elif kind == 1:
        resource = "vol-%016x" % r2
    else:
        resource = "arn:aws:s3:::finops-%016x" % r2
    day = (r3 & 0xFF) % 31 + 1
    hour = ((r3 >> 8) & 0xFF) % 24
    start = "2026-01-%02dT%02d:00:00Z" % (day, hour)
    if hour == 23:
        end = "2026-%02d-%02dT00:00:00Z" % ((1, day + 1) if day < 31 else (2, 1))
    else:
        end = "2026-01-%02dT%02d:00:00Z" % (day, hour + 1)
    price = r4 >> 40
    values = (
        ACCOUNT_IDS[account], ACCOUNT_NAMES[account], SUB_IDS[sub], SUB_NAMES[sub],
        PROVIDERS[((r0 >> 32) & 0xFF) % 4], region, region + "abc"[(r0 >> 56) % 3],
        SERVICES[service], CATEGORIES[service % 12], resource, "resource-%06d" % ((r3 >> 40) % 1000000),
        RESOURCE_TYPES[((r1 >> 32) & 0xFFFF) % 15], SKU_IDS[(r1 >> 48) % 2000],
        SKU_PRICE_IDS[((r3 >> 16) & 0xFFFF) % 5000], CHARGE_CATEGORIES[((r3 >> 32) & 0xFF) % 5],
        CHARGE_FREQUENCIES[((r2 >> 8) & 0xFF) % 3], start, end, PRICING_UNITS[(r4 & 0xFF) % 10],
        "%d.%06d" % (price % 100, (price >> 8) % 1000000),
    )
    return values, (r4 % 100_000_000) / 10_000.0
