// Worker entry used when verdict runs from its TypeScript sources (tests, `node --import tsx`).
// On Node 20, `execArgv: ["--import", "tsx"]` does not cover dynamic imports made inside a worker
// (the verifier registry loads verifiers that way), so tsx is registered here, in the worker itself.
import { register } from "tsx/esm/api";

register();
const { default: verifyItem } = await import("./verify-worker.ts");
export default verifyItem;
