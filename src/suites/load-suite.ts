import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isVerifierName, VERIFIER_NAMES } from "../../verifiers/registry.js";
import { DataFileError, type Row, readRows } from "./read-rows.js";
import { transformReference } from "./reference-transform.js";
import { type Problem, type Suite, type SuiteDefinition, suiteDefinitionSchema } from "./suite-definition.js";

/** A suite that cannot be found, parsed or loaded; the message names the file and how to fix it. */
export class SuiteError extends Error {
  override name = "SuiteError";
}

/** Folder of the built-in suites (`suites/` at the package root, also when running from dist/). */
export function builtinSuitesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new SuiteError(`Cannot find the verdict package root above ${import.meta.url}`);
    dir = parent;
  }
  return join(dir, "suites");
}

/** Names of the built-in suites, sorted. */
export async function listSuites(): Promise<string[]> {
  const root = builtinSuitesDir();
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "suite.json")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Loads a suite by built-in name, by the path of a `suite.json`, or by a folder that contains one.
 * Throws `SuiteError` for unknown names, invalid definitions, unreadable data, missing fields and
 * duplicate ids.
 */
export async function loadSuite(nameOrPath: string): Promise<Suite> {
  const definitionPath = await resolveDefinitionPath(nameOrPath);
  const definition = await readDefinition(definitionPath);
  const dir = dirname(definitionPath);
  const dataPath = resolve(dir, definition.data);

  let rows: Row[];
  try {
    rows = await readRows(dataPath);
  } catch (error) {
    if (error instanceof DataFileError) throw new SuiteError(`Suite "${definition.name}": ${error.message}`);
    throw new SuiteError(
      `Suite "${definition.name}": cannot read data file ${dataPath}: ${(error as Error).message}`,
    );
  }

  const problems = rows.map((row, index) => toProblem(definition, row, index, dataPath));
  assertUniqueIds(problems, dataPath);
  return { definition, dir, dataPath, problems };
}

async function resolveDefinitionPath(nameOrPath: string): Promise<string> {
  const looksLikePath = nameOrPath.includes("/") || nameOrPath.endsWith(".json");
  if (!looksLikePath) {
    const builtin = join(builtinSuitesDir(), nameOrPath, "suite.json");
    if (existsSync(builtin)) return builtin;
    const known = await listSuites();
    throw new SuiteError(
      `Unknown suite "${nameOrPath}". Built-in suites: ${known.join(", ")}. ` +
        "To use your own, pass the path of its suite.json.",
    );
  }

  const path = resolve(nameOrPath);
  if (!existsSync(path)) throw new SuiteError(`Suite definition not found: ${path}`);
  if ((await stat(path)).isDirectory()) {
    const inner = join(path, "suite.json");
    if (!existsSync(inner)) throw new SuiteError(`Folder ${path} has no suite.json.`);
    return inner;
  }
  return path;
}

async function readDefinition(path: string): Promise<SuiteDefinition> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new SuiteError(`Suite definition ${path} is not valid JSON: ${(error as Error).message}`);
  }

  const parsed = suiteDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    );
    throw new SuiteError(`Suite definition ${path} is invalid:\n  ${problems.join("\n  ")}`);
  }
  if (!isVerifierName(parsed.data.verifier)) {
    throw new SuiteError(
      `Suite definition ${path}: verifier "${parsed.data.verifier}" is not known. ` +
        `Use one of: ${VERIFIER_NAMES.join(", ")}.`,
    );
  }
  return parsed.data;
}

function toProblem(definition: SuiteDefinition, row: Row, index: number, dataPath: string): Problem {
  const { fields } = definition;
  const where = `${dataPath}, row ${index + 1}`;

  const id =
    fields.id === undefined
      ? String(index)
      : scalarText(requireField(row, fields.id, where), fields.id, where);
  requireField(row, fields.prompt, where);
  const prompt = renderTemplate(definition.promptTemplate, row, where);
  const reference = readReference(definition, row, where);
  const problem: Problem = { id, prompt, reference, row };
  if (fields.group !== undefined)
    problem.group = scalarText(requireField(row, fields.group, where), fields.group, where);
  return problem;
}

function readReference(definition: SuiteDefinition, row: Row, where: string): unknown {
  const spec = definition.fields.reference;
  if (Array.isArray(spec)) {
    const reference: Row = {};
    for (const field of spec) reference[field] = requireField(row, field, where);
    return reference;
  }

  const value = requireField(row, spec, where);
  if (definition.referenceTransform === undefined) return value;
  try {
    return transformReference(definition.referenceTransform, value);
  } catch (error) {
    throw new SuiteError(`${where}: ${(error as Error).message}`);
  }
}

/**
 * Fills `{field}` placeholders from the row. `{{` and `}}` stand for literal braces; any other
 * brace is kept as written, so LaTeX such as `\boxed{}` in a template survives.
 */
export function renderTemplate(template: string, row: Row, where = "row"): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, field: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (field === undefined) return whole;
    if (!(field in row)) {
      throw new SuiteError(
        `${where}: the prompt template uses {${field}} but the row has no field "${field}".`,
      );
    }
    const value = row[field];
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

function requireField(row: Row, field: string, where: string): unknown {
  const value = row[field];
  if (value === undefined || value === null) {
    throw new SuiteError(
      `${where}: field "${field}" is missing or null. Fields present: ${Object.keys(row).join(", ")}.`,
    );
  }
  return value;
}

function scalarText(value: unknown, field: string, where: string): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
    return String(value);
  throw new SuiteError(
    `${where}: field "${field}" must be a string or number, found ${JSON.stringify(value)}.`,
  );
}

function assertUniqueIds(problems: Problem[], dataPath: string): void {
  const seen = new Set<string>();
  for (const problem of problems) {
    if (seen.has(problem.id)) throw new SuiteError(`${dataPath}: duplicate problem id "${problem.id}".`);
    seen.add(problem.id);
  }
}
