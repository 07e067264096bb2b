// The entry of a worker started from the sources (tests, tsx; never from dist/): registers tsx,
// then loads the TypeScript module given as the worker's last argument. A file, unlike an eval
// script, resolves `tsx` from the project rather than from the working directory.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
