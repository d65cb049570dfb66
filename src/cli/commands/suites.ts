import type { CommandModule } from "yargs";
import { listSuites, loadSuite, SuiteError } from "../../suites/load-suite.js";
import type { Suite } from "../../suites/suite-definition.js";
import { formatTable } from "../format-table.js";
import { UserError } from "../user-error.js";

interface SuitesArgs {
  name?: string | undefined;
  json: boolean;
}

export const suitesCommand: CommandModule<object, SuitesArgs> = {
  command: "suites [name]",
  describe: "List the built-in suites, or describe one (size, fields, source, licence)",
  builder: (yargs) =>
    yargs
      .positional("name", { type: "string", describe: "Suite name or path of a suite.json" })
      .option("json", { type: "boolean", default: false, describe: "Print as JSON" }),
  handler: async (args) => {
    try {
      if (args.name !== undefined) {
        const suite = await loadSuite(args.name);
        console.log(args.json ? JSON.stringify(describeSuite(suite), null, 2) : formatSuite(suite));
        return;
      }
      const suites = await Promise.all((await listSuites()).map((name) => loadSuite(name)));
      if (args.json) {
        console.log(JSON.stringify(suites.map(describeSuite), null, 2));
        return;
      }
      const rows = suites.map((suite) => [
        suite.definition.name,
        String(suite.problems.length),
        suite.definition.verifier,
        suite.definition.license,
        suite.definition.description,
      ]);
      console.log(formatTable(["suite", "problems", "verifier", "licence", "description"], rows));
    } catch (error) {
      if (error instanceof SuiteError) throw new UserError(error.message);
      throw error;
    }
  },
};

function describeSuite(suite: Suite) {
  const { definition } = suite;
  const fields = new Set<string>();
  for (const problem of suite.problems.slice(0, 100))
    for (const key of Object.keys(problem.row)) fields.add(key);
  return {
    ...definition,
    problems: suite.problems.length,
    dataPath: suite.dataPath,
    dataFields: [...fields],
    exampleId: suite.problems[0]?.id ?? null,
  };
}

function formatSuite(suite: Suite): string {
  const info = describeSuite(suite);
  const example = suite.problems[0];
  return [
    `${info.name} (version ${info.version})`,
    `  ${info.description}`,
    `  problems:    ${info.problems}`,
    `  data:        ${info.dataPath}`,
    `  data fields: ${info.dataFields.join(", ")}`,
    `  id / prompt / reference fields: ${info.fields.id ?? "(row index)"} / ${info.fields.prompt} / ${JSON.stringify(info.fields.reference)}${info.referenceTransform ? ` (${info.referenceTransform})` : ""}`,
    `  verifier:    ${info.verifier} ${JSON.stringify(info.verifierOptions)}`,
    `  generation:  ${JSON.stringify(info.generation)}`,
    `  source:      ${info.source}`,
    `  licence:     ${info.license}`,
    example
      ? `  example reference (id ${example.id}): ${JSON.stringify(example.reference).slice(0, 120)}`
      : "",
  ].join("\n");
}
