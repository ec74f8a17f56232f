// Go peer of `finops-bench exposition`: the same body built by an exporter written with Go's standard library
// only (no client_golang), run by bench/exposition.sh in the same run as the Swift side.
//
// It does what such an exporter does after each poll: one label string per row (names, `="`, the value escaped with
// a strings.Replacer, `"`), a map from label string to value that sums duplicate label sets (Prometheus rejects
// duplicate series), then the body rendered once in sorted order into a bytes.Buffer, optionally through
// compress/gzip at BestSpeed (the cheapest gzip Go has). Label values are those of focus_labels.py, byte for byte
// (values_crc32 is printed for the script to compare). Prints `key=value` lines like the Swift and Python sides:
//
//	gen_cpu_seconds    producing the label values alone (a first pass)
//	cpu_seconds        producing the values, filling the map and rendering the body
//	build_cpu_seconds  their difference
//	peak_rss_bytes     peak resident set during that, minus the resident set before it
//	bytes_per_series   peak_rss_bytes / series
//	body_bytes         the rendered text
//	gzip_bytes         the stored body with -gzip
//	values_crc32       CRC-32 of the first 10,000 rows' label values
//
// Usage: go run main.go [-series N] [-seed S] [-gzip]
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

var labelNames = []string{
	"BillingAccountId", "BillingAccountName", "SubAccountId", "SubAccountName", "ProviderName",
	"RegionId", "AvailabilityZone", "ServiceName", "ServiceCategory", "ResourceId",
	"ResourceName", "ResourceType", "SkuId", "SkuPriceId", "ChargeCategory",
	"ChargeFrequency", "ChargePeriodStart", "ChargePeriodEnd", "PricingUnit", "ListUnitPrice",
}

var providers = []string{"AWS", "Microsoft", "Google Cloud", "Oracle"}
var regions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "ca-central-1",
	"westeurope", "northeurope", "eastus", "eastus2", "westus2", "centralus", "uksouth", "francecentral",
	"europe-west1", "us-central1",
}
var services = []string{
	"Amazon Elastic Compute Cloud", "Amazon Simple Storage Service", "Amazon Relational Database Service",
	"AWS Lambda", "Amazon CloudFront", "Amazon DynamoDB", "Amazon Elastic Kubernetes Service", "AWS Data Transfer",
	"Virtual Machines", "Storage", "Azure SQL Database", "Azure Kubernetes Service", "Bandwidth", "Azure Monitor",
	"Azure App Service", "Compute Engine", "Cloud Storage", "BigQuery", "Cloud SQL", "Kubernetes Engine",
	"Networking", "Cloud Logging", "Oracle Cloud Infrastructure Compute", "Block Volume", "Object Storage",
	"Autonomous Database", "Load Balancer", "Key Management", "Amazon Elastic Block Store", "Azure Cosmos DB",
}
var categories = []string{
	"Compute", "Storage", "Databases", "Networking", "Analytics", "Management and Governance", "Security",
	"Web", "Containers", "Serverless", "AI and Machine Learning", "Other",
}
var resourceTypes = []string{
	"Virtual Machine", "Disk", "Bucket", "Database Instance", "Load Balancer", "Function", "Cluster",
	"NAT Gateway", "Public IP Address", "Snapshot", "Key Vault", "Container Registry", "Queue", "Table",
	"Distribution",
}
var chargeCategories = []string{"Usage", "Purchase", "Tax", "Credit", "Adjustment"}
var chargeFrequencies = []string{"Usage-Based", "Recurring", "One-Time"}
var pricingUnits = []string{"Hours", "GB-Months", "GB", "Requests", "1K Requests", "vCPU-Hours", "GiB-Hours",
	"Units", "10K Transactions", "IOPS-Months"}
var words = []string{"platform", "payments", "search", "data", "ml", "web", "mobile", "infra", "identity",
	"analytics", "billing", "ledger"}

const alphanum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// mix is SplitMix64's finalizer, as in focus_labels.py.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

func code(x uint64, length int) string {
	out := make([]byte, length)
	for i := range out {
		out[i] = alphanum[x%36]
		x /= 36
	}
	return string(out)
}

func pool(column uint64, size int, build func(i int, h uint64) string) []string {
	out := make([]string, size)
	for i := range out {
		out[i] = build(i, mix(column*1_000_003+uint64(i)))
	}
	return out
}

var (
	accountIDs   = pool(1, 4, func(i int, h uint64) string { return fmt.Sprintf("%012d", h%1_000_000_000_000) })
	accountNames = pool(2, 4, func(i int, h uint64) string {
		return fmt.Sprintf("acme-%s-billing", words[h%uint64(len(words))])
	})
	subIDs = pool(3, 300, func(i int, h uint64) string {
		return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", h>>32, (h>>16)&0xFFFF, (h>>4)&0xFFF, (h>>40)&0xFFF, mix(h)>>16)
	})
	subNames = pool(4, 300, func(i int, h uint64) string {
		return fmt.Sprintf("team-%s-%s-%03d", words[h%uint64(len(words))], words[(h>>8)%uint64(len(words))], i)
	})
	skuIDs      = pool(5, 2000, func(i int, h uint64) string { return code(h, 4) + "-" + code(h>>24, 8) })
	skuPriceIDs = pool(6, 5000, func(i int, h uint64) string {
		return code(h, 12) + "." + code(mix(h+1), 10) + "." + code(mix(h+2), 10)
	})
)

// row returns the 20 label values and the sample value of row i, like focus_labels.row.
func row(seed uint64, i int, values []string) float64 {
	base := seed + uint64(i)*8
	r0, r1, r2, r3, r4 := mix(base), mix(base+1), mix(base+2), mix(base+3), mix(base+4)
	account := (r0 & 0xFFFF) % 4
	sub := ((r0 >> 16) & 0xFFFF) % 300
	region := regions[((r0>>40)&0xFFFF)%24]
	service := (r1 & 0xFFFF) % 30
	var resource string
	switch ((r1 >> 16) & 0xFFFF) % 3 {
	case 0:
		resource = fmt.Sprintf("i-%016x", r2)
	case 1:
		resource = fmt.Sprintf("vol-%016x", r2)
	default:
		resource = fmt.Sprintf("arn:aws:s3:::finops-%016x", r2)
	}
	day := (r3&0xFF)%31 + 1
	hour := ((r3 >> 8) & 0xFF) % 24
	start := fmt.Sprintf("2026-01-%02dT%02d:00:00Z", day, hour)
	var end string
	switch {
	case hour != 23:
		end = fmt.Sprintf("2026-01-%02dT%02d:00:00Z", day, hour+1)
	case day < 31:
		end = fmt.Sprintf("2026-01-%02dT00:00:00Z", day+1)
	default:
		end = "2026-02-01T00:00:00Z"
	}
	price := r4 >> 40
	values[0] = accountIDs[account]
	values[1] = accountNames[account]
	values[2] = subIDs[sub]
	values[3] = subNames[sub]
	values[4] = providers[((r0>>32)&0xFF)%4]
	values[5] = region
	values[6] = region + string("abc"[(r0>>56)%3])
	values[7] = services[service]
	values[8] = categories[service%12]
	values[9] = resource
	values[10] = fmt.Sprintf("resource-%06d", (r3>>40)%1000000)
	values[11] = resourceTypes[((r1>>32)&0xFFFF)%15]
	values[12] = skuIDs[(r1>>48)%2000]
	values[13] = skuPriceIDs[((r3>>16)&0xFFFF)%5000]
	values[14] = chargeCategories[((r3>>32)&0xFF)%5]
	values[15] = chargeFrequencies[((r2>>8)&0xFF)%3]
	values[16] = start
	values[17] = end
	values[18] = pricingUnits[(r4&0xFF)%10]
	values[19] = fmt.Sprintf("%d.%06d", price%100, (price>>8)%1000000)
	return float64(r4%100_000_000) / 10_000.0
}

func cpuSeconds() float64 {
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Sec+usage.Stime.Sec) + float64(usage.Utime.Usec+usage.Stime.Usec)/1e6
}

// statusBytes reads a kB field of /proc/self/status (VmRSS: now, VmHWM: peak), in bytes.
func statusBytes(field string) int64 {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field) {
			parts := strings.Fields(line)
			kB, _ := strconv.ParseInt(parts[1], 10, 64)
			return kB * 1024
		}
	}
	return 0
}

// escaper escapes a label value as the text format requires.
var escaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)

func main() {
	series := flag.Int("series", 1_000_000, "series (rows)")
	seed := flag.Uint64("seed", 42, "generator seed")
	useGzip := flag.Bool("gzip", false, "store the body gzip-compressed")
	flag.Parse()
	n := *series
	values := make([]string, len(labelNames))

	start := cpuSeconds()
	checksum := 0.0
	for i := 0; i < n; i++ {
		checksum += row(*seed, i, values)
	}
	genSeconds := cpuSeconds() - start

	rssBefore := statusBytes("VmRSS:")
	start = cpuSeconds()
	samples := make(map[string]float64)
	var labels strings.Builder
	for i := 0; i < n; i++ {
		value := row(*seed, i, values)
		labels.Reset()
		for j, name := range labelNames {
			if j > 0 {
				labels.WriteByte(',')
			}
			labels.WriteString(name)
			labels.WriteString(`="`)
			labels.WriteString(escaper.Replace(values[j]))
			labels.WriteByte('"')
		}
		samples[labels.String()] += value
	}
	keys := make([]string, 0, len(samples))
	for key := range samples {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	var body bytes.Buffer
	var gzipped *gzip.Writer
	var out io.Writer = &body
	if *useGzip {
		gzipped, _ = gzip.NewWriterLevel(&body, gzip.BestSpeed)
		out = gzipped
	}
	textBytes := 0
	line := make([]byte, 0, 1024)
	header := "# HELP finops_billed_cost Billed cost of a FOCUS charge row, in the billing currency.\n" +
		"# TYPE finops_billed_cost gauge\n"
	written, _ := out.Write([]byte(header))
	textBytes += written
	for _, key := range keys {
		line = append(line[:0], "finops_billed_cost{"...)
		line = append(line, key...)
		line = append(line, "} "...)
		line = strconv.AppendFloat(line, samples[key], 'g', -1, 64)
		line = append(line, '\n')
		written, _ = out.Write(line)
		textBytes += written
	}
	if gzipped != nil {
		_ = gzipped.Close()
	}
	seconds := cpuSeconds() - start
	peak := statusBytes("VmHWM:") - rssBefore

	crc := crc32.NewIEEE()
	for i := 0; i < 10_000; i++ {
		row(*seed, i, values)
		crc.Write([]byte(strings.Join(values, "\t") + "\n"))
	}
	fmt.Printf("series=%d\n", n)
	fmt.Printf("labels=%d\n", len(labelNames))
	fmt.Printf("rendered_series=%d\n", len(keys))
	fmt.Printf("gen_cpu_seconds=%.3f\n", genSeconds)
	fmt.Printf("cpu_seconds=%.3f\n", seconds)
	fmt.Printf("build_cpu_seconds=%.3f\n", seconds-genSeconds)
	fmt.Printf("peak_rss_bytes=%d\n", peak)
	fmt.Printf("bytes_per_series=%d\n", peak/int64(n))
	fmt.Printf("body_bytes=%d\n", textBytes)
	if *useGzip {
		fmt.Printf("gzip_bytes=%d\n", body.Len())
	}
	fmt.Printf("values_crc32=%x\n", crc.Sum32())
	fmt.Printf("gen_checksum=%.1f\n", checksum)
}
