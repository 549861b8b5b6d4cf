// Each test runs two or three processes (emulator, service, browser) on a two-core machine: one test at a time
// keeps their timing honest. Ports are picked free per process, so nothing else is shared.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
