// Preloaded into a profiled server (bench/profile.ts): SIGTERM ends the process through
// process.exit, the exit at which node --cpu-prof writes its profile.
process.once('SIGTERM', () => process.exit(0));
