// Each test runs six processes (PostgreSQL, the emulator, two services, and the test with its proxy) on a two-core
// machine: one test at a time keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
