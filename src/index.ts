// Public library surface of verdict: `import { rewards, advantages } from "verdict"`.
export * as advantages from "./rewards/advantages.js";
export * as rewards from "./rewards/index.js";
