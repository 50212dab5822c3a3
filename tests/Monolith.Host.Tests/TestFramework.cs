// PostgreSQL tests are reported as skipped, with the reason, when no server is configured (see Monolith.Testing.MonolithTestFramework).
[assembly: TestFramework("Monolith.Testing.MonolithTestFramework", "Monolith.Testing")]
