import KubeCore

extension ScraperConfigSpec {
    /// The scraping part with defaults applied; problems are appended to `errors` with paths under
    /// `spec.scraperConfig`. Call only when the part is not ``isEffectivelyEmpty``.
    func normalized(
        defaultNamespace: String, variables: [String: String], variablesField: String, errors: inout FieldErrors
    ) -> NormalizedScraper? {
        let parent = "spec.scraperConfig"
        var table: String?
        switch tableName.nonEmpty {
        case nil:
            errors.required("\(parent).tableName", "Set the name of the table to load the rows into.")
        case let name? where !SpecRules.isSQLIdentifier(name):
            errors.invalid(
                "\(parent).tableName",
                "\"\(name)\" is not a valid table name; use letters, digits and _, start with a letter or _, and "
                    + "keep it to 63 characters.")
        case let name?:
            table = name
        }

        let database = SpecRules.requiredReference(
            scraperDatabaseConfigRef, field: "\(parent).scraperDatabaseConfigRef", defaultNamespace: defaultNamespace,
            what: "DatabaseConfig with the database credentials", errors: &errors)

        var source: ScraperSource = .exporter
        switch (api, url.nonEmpty) {
        case (_?, _?):
            errors.conflict(
                "\(parent).url",
                "Set either api (the current shape) or url (the older shape), not both; leave both out to scrape this "
                    + "ESC's own exporter.")
        case (let api?, nil):
            source = .api(
                api.normalized(
                    field: "\(parent).api", defaultNamespace: defaultNamespace, variables: variables,
                    variablesField: variablesField, errors: &errors))
        case (nil, let url?):
            SpecRules.checkURL(url, field: "\(parent).url", errors: &errors)
            source = .url(url)
        case (nil, nil):
            source = .exporter
        }

        let interval = SpecRules.pollingInterval(
            text: pollingInterval, hours: pollingIntervalHours, parent: parent, errors: &errors)
        guard let table, let database else { return nil }
        return NormalizedScraper(tableName: table, databaseConfig: database, source: source, pollingInterval: interval)
    }
}
