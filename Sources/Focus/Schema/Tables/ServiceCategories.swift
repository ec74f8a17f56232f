/// ServiceCategory values and the ServiceSubcategory values under each (FOCUS 1.1–1.3).
///
/// Every subcategory has exactly one parent category; a row whose subcategory belongs to another category breaks the
/// spec even when both values are allowed. Source: the ServiceCategory and ServiceSubcategory allowed-values tables.
enum ServiceCategories {
    /// ServiceCategory allowed values, in the spec's order (unchanged from 1.0 to 1.3).
    static let categories = [
        "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases", "Developer Tools",
        "Multicloud", "Identity", "Integration", "Internet of Things", "Management and Governance", "Media",
        "Migration",
        "Mobile", "Networking", "Security", "Storage", "Web", "Other",
    ]

    /// Each category with its subcategories, in the spec's order (82 subcategories).
    static let subcategoriesByCategory: [(category: String, subcategories: [String])] = [
        (
            "AI and Machine Learning",
            [
                "AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing",
                "Other (AI and Machine Learning)",
            ]
        ),
        (
            "Analytics",
            [
                "Analytics Platforms", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics",
                "Other (Analytics)",
            ]
        ),
        ("Business Applications", ["Productivity and Collaboration", "Other (Business Applications)"]),
        (
            "Compute",
            [
                "Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines",
                "Other (Compute)",
            ]
        ),
        (
            "Databases",
            [
                "Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases",
                "Time Series Databases", "Other (Databases)",
            ]
        ),
        (
            "Developer Tools",
            [
                "Developer Platforms", "Continuous Integration and Deployment", "Development Environments",
                "Source Code Management", "Quality Assurance", "Other (Developer Tools)",
            ]
        ),
        ("Identity", ["Identity and Access Management", "Other (Identity)"]),
        ("Integration", ["API Management", "Messaging", "Workflow Orchestration", "Other (Integration)"]),
        ("Internet of Things", ["IoT Analytics", "IoT Platforms", "Other (Internet of Things)"]),
        (
            "Management and Governance",
            [
                "Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery",
                "Endpoint Management", "Observability", "Support", "Other (Management and Governance)",
            ]
        ),
        ("Media", ["Content Creation", "Gaming", "Media Streaming", "Mixed Reality", "Other (Media)"]),
        ("Migration", ["Data Migration", "Resource Migration", "Other (Migration)"]),
        ("Mobile", ["Other (Mobile)"]),
        ("Multicloud", ["Multicloud Integration", "Other (Multicloud)"]),
        (
            "Networking",
            [
                "Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure",
                "Network Routing", "Network Security", "Other (Networking)",
            ]
        ),
        (
            "Security",
            [
                "Secret Management", "Security Posture Management", "Threat Detection and Response",
                "Other (Security)",
            ]
        ),
        (
            "Storage",
            [
                "Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms",
                "Other (Storage)",
            ]
        ),
        ("Web", ["Application Platforms", "Other (Web)"]),
        ("Other", ["Other (Other)"]),
    ]

    /// ServiceSubcategory allowed values.
    static let subcategories: [String] = subcategoriesByCategory.flatMap(\.subcategories)

    /// Subcategory → its parent category.
    static let parents: [String: String] = Dictionary(
        subcategoriesByCategory.flatMap { entry in entry.subcategories.map { ($0, entry.category) } },
        uniquingKeysWith: { first, _ in first })
}
