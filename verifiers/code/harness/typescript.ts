/** Turns JavaScript or TypeScript source into CommonJS JavaScript that Node and isolated-vm run as a script. */
import ts from "typescript";

export interface Transpiled {
  code: string;
  /** Syntax errors found while transpiling, empty when there were none. */
  errors: string[];
}

export function toCommonJs(source: string, language: "javascript" | "typescript"): Transpiled {
  const output = ts.transpileModule(source, {
    fileName: language === "typescript" ? "main.ts" : "main.js",
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      esModuleInterop: true,
    },
  });
  const errors = (output.diagnostics ?? []).map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  );
  return { code: output.outputText, errors };
}
