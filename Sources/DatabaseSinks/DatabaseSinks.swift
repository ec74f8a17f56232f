/// FOCUS and usage rows into PostgreSQL or SQLite (placeholder while the module is built).
enum DatabaseSinks {}
