/**
 * Translates normalised LaTeX (and plain-text math such as `2*x^2`) into a mathjs expression string
 * with every multiplication explicit, so mathjs never reads `xy` as one symbol. Throws
 * `LatexSyntaxError` for anything it does not understand: a guess here would be a wrong verdict.
 */

/** An answer the translator cannot read as an expression. */
export class LatexSyntaxError extends Error {
  override name = "LatexSyntaxError";
}

/** Thrown past the nesting budget, so a tower of exponents cannot exhaust the stack. */
export class ExpressionTooDeepError extends Error {
  override name = "ExpressionTooDeepError";
}

/** Deepest recursion of the translator; deeper input is too large. */
export const MAX_EXPRESSION_DEPTH = 60;

type Token =
  | { type: "number"; text: string }
  | { type: "letter"; text: string }
  | { type: "command"; text: string }
  | { type: "symbol"; text: string };

const FUNCTIONS: Record<string, string> = {
  sin: "sin",
  cos: "cos",
  tan: "tan",
  sec: "sec",
  csc: "csc",
  cot: "cot",
  arcsin: "asin",
  arccos: "acos",
  arctan: "atan",
  sinh: "sinh",
  cosh: "cosh",
  tanh: "tanh",
  ln: "log",
  exp: "exp",
  // Competition texts write \log for the base-10 logarithm; a base is given as \log_b.
  log: "log10",
  lg: "log10",
};

const CONSTANTS: Record<string, string> = { pi: "pi", infty: "Infinity", infin: "Infinity" };
const GREEK = new Set(
  "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho sigma tau upsilon phi varphi chi psi omega".split(
    " ",
  ),
);
const MULTIPLY = new Set(["\\cdot", "\\times", "*", "\\ast"]);
const DIVIDE = new Set(["\\div", "/"]);
const IGNORED = new Set(["\\mathrm", "\\mathit", "\\mathbf", "\\operatorname", "\\text", "\\textrm", "\\rm"]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d*)?|\.\d+)|([a-zA-Z])|(\\[a-zA-Z]+|\\[{}|])|(\*\*|[-+*/^_()[\]{}|!,=<>']))/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) {
      if (/^\s+$/.test(text.slice(index))) break;
      throw new LatexSyntaxError(`unexpected character ${JSON.stringify(text[index])}`);
    }
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ type: "number", text: match[1] });
    else if (match[2]) tokens.push({ type: "letter", text: match[2] });
    else if (match[3]) tokens.push({ type: "command", text: match[3] });
    else if (match[4]) tokens.push({ type: "symbol", text: match[4] === "**" ? "^" : match[4] });
  }
  return tokens;
}

class Translator {
  #position = 0;
  #depth = 0;
  /** Open `|…|` pairs: inside one, a `|` closes it instead of starting a new factor. */
  #absDepth = 0;
  readonly variables = new Set<string>();

  constructor(readonly tokens: Token[]) {}

  translate(): string {
    const expression = this.expression();
    if (this.#position < this.tokens.length) {
      throw new LatexSyntaxError(`unexpected ${this.tokens[this.#position]?.text}`);
    }
    return expression;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#position];
  }

  #next(): Token {
    const token = this.tokens[this.#position++];
    if (!token) throw new LatexSyntaxError("unexpected end of expression");
    return token;
  }

  #accept(text: string): boolean {
    if (this.#peek()?.text !== text) return false;
    this.#position++;
    return true;
  }

  #expect(text: string): void {
    if (!this.#accept(text)) throw new LatexSyntaxError(`expected ${text}`);
  }

  #enter(): void {
    if (++this.#depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionTooDeepError(`expression nested deeper than ${MAX_EXPRESSION_DEPTH}`);
    }
  }

  expression(): string {
    this.#enter();
    let result = this.#signedTerm();
    for (;;) {
      const token = this.#peek();
      if (token?.text !== "+" && token?.text !== "-") break;
      this.#position++;
      result = `${result} ${token.text} ${this.#term()}`;
    }
    this.#depth--;
    return result;
  }

  #signedTerm(): string {
    if (this.#accept("-")) return `-(${this.#term()})`;
    this.#accept("+");
    return this.#term();
  }

  #term(): string {
    let result = this.#power();
    for (;;) {
      const token = this.#peek();
      if (!token) break;
      if (MULTIPLY.has(token.text)) {
        this.#position++;
        result = `${result} * ${this.#power()}`;
      } else if (DIVIDE.has(token.text)) {
        this.#position++;
        result = `${result} / ${this.#power()}`;
      } else if (this.#startsFactor(token)) {
        result = `${result} * ${this.#power()}`;
      } else break;
    }
    return result;
  }

  #startsFactor(token: Token): boolean {
    if (token.type === "number" || token.type === "letter") return true;
    if (token.type === "symbol") {
      return (
        token.text === "(" ||
        token.text === "[" ||
        token.text === "{" ||
        (token.text === "|" && this.#absDepth === 0)
      );
    }
    return (
      token.text !== "\\cdot" &&
      token.text !== "\\times" &&
      token.text !== "\\div" &&
      token.text !== "\\right"
    );
  }

  #power(): string {
    this.#enter();
    let base = this.#postfix(this.#primary());
    if (this.#accept("^")) {
      const exponent = this.#accept("-") ? `-(${this.#exponentArgument()})` : this.#exponentArgument();
      base = `(${base})^(${exponent})`;
      base = this.#postfix(base);
    }
    this.#depth--;
    return base;
  }

  #postfix(value: string): string {
    let result = value;
    if (this.#accept("\\circ")) result = `(${result} * pi / 180)`;
    while (this.#peek()?.text === "!") {
      this.#position++;
      result = `factorial(${result})`;
    }
    if (this.#peek()?.text === "'") throw new LatexSyntaxError("derivative marks are not values");
    return result;
  }

  #exponentArgument(): string {
    const token = this.#peek();
    if (token?.text === "{") return this.#group("{", "}");
    if (token?.type === "number") {
      this.#position++;
      // `x^23` in LaTeX is x^2 followed by 3, but in plain text it is x to the 23rd: the latter is
      // what a model that writes an answer outside LaTeX means.
      return token.text;
    }
    return this.#primary();
  }

  #group(open: string, close: string): string {
    this.#expect(open);
    const inner = this.expression();
    this.#expect(close);
    return `(${inner})`;
  }

  #braced(): string {
    if (this.#peek()?.text === "{") return this.#group("{", "}");
    const token = this.#next();
    if (token.type === "number") return token.text.length > 1 ? (token.text[0] as string) : token.text;
    if (token.type === "letter") return this.#symbol(token.text);
    throw new LatexSyntaxError(`expected an argument, got ${token.text}`);
  }

  #symbol(letter: string): string {
    let name = letter;
    if (this.#accept("_")) {
      const subscript = this.#peek()?.text === "{" ? this.#rawGroup() : this.#next().text;
      name = `${letter}_${subscript.replace(/[^a-zA-Z0-9]/g, "")}`;
    }
    if (name === "e") return "e";
    if (name === "i") return "i";
    this.variables.add(name);
    return name;
  }

  #rawGroup(): string {
    this.#expect("{");
    let text = "";
    let depth = 1;
    for (;;) {
      const token = this.#next();
      if (token.text === "{") depth++;
      if (token.text === "}" && --depth === 0) return text;
      text += token.text;
    }
  }

  #primary(): string {
    const token = this.#next();
    if (token.type === "number") return token.text.endsWith(".") ? token.text.slice(0, -1) : token.text;
    if (token.type === "letter") return this.#symbol(token.text);
    if (token.type === "symbol") return this.#symbolPrimary(token.text);
    return this.#command(token.text);
  }

  #symbolPrimary(text: string): string {
    if (text === "(") return this.#closeGroup(")");
    if (text === "[") return this.#closeGroup("]");
    if (text === "{") return this.#closeGroup("}");
    if (text === "|") {
      this.#absDepth++;
      const inner = this.expression();
      this.#absDepth--;
      this.#expect("|");
      return `abs(${inner})`;
    }
    throw new LatexSyntaxError(`unexpected ${text}`);
  }

  #closeGroup(close: string): string {
    const inner = this.expression();
    this.#expect(close);
    return `(${inner})`;
  }

  #command(name: string): string {
    const word = name.slice(1);
    if (word in CONSTANTS) return CONSTANTS[word] as string;
    if (GREEK.has(word)) return this.#symbol(word);
    if (word === "frac" || word === "dfrac" || word === "tfrac" || word === "cfrac") {
      return `(${this.#braced()} / ${this.#braced()})`;
    }
    if (word === "sqrt") return this.#root();
    if (word === "binom" || word === "dbinom" || word === "tbinom") {
      return `combinations(${this.#braced()}, ${this.#braced()})`;
    }
    if (word === "circ") return "(pi / 180)";
    if (word === "left" || word === "right") return this.#primary();
    if (word === "|") {
      const inner = this.expression();
      this.#expect("\\|");
      return `abs(${inner})`;
    }
    if (IGNORED.has(name)) return this.#braced();
    if (word in FUNCTIONS) return this.#function(FUNCTIONS[word] as string);
    throw new LatexSyntaxError(`unsupported command ${name}`);
  }

  #root(): string {
    if (this.#accept("[")) {
      const index = this.expression();
      this.#expect("]");
      return `nthRoot(${this.#braced()}, ${index})`;
    }
    return `sqrt(${this.#braced()})`;
  }

  #function(mathjsName: string): string {
    let base: string | undefined;
    if (mathjsName === "log10" && this.#accept("_")) base = this.#braced();
    let power: string | undefined;
    if (this.#accept("^")) power = this.#exponentArgument();

    const next = this.#peek();
    const argument = next?.text === "(" || next?.text === "{" ? this.#power() : this.#implicitProduct();
    const call = base !== undefined ? `log(${argument}, ${base})` : `${mathjsName}(${argument})`;
    // `\sin^{-1}` is the inverse sine, `\sin^2` a power of the sine.
    if (power?.replace(/[\s()]/g, "") === "-1") return `a${call}`;
    return power === undefined ? call : `(${call})^(${power})`;
  }

  /** The unparenthesised argument of `\sin 2x`: consecutive factors up to the next operator. */
  #implicitProduct(): string {
    let result = this.#power();
    for (;;) {
      const token = this.#peek();
      if (!token || !(token.type === "number" || token.type === "letter")) break;
      result = `${result} * ${this.#power()}`;
    }
    return result;
  }
}

/** The translation of one expression and the free variables it uses. */
export interface Translation {
  expression: string;
  variables: string[];
}

/** Translates normalised LaTeX into a mathjs expression string; see the file comment. */
export function latexToMathjs(latex: string): Translation {
  const text = latex
    .replace(/\\(?:left|right)(?![a-zA-Z])/g, "")
    .replace(/\\mathrm\{([ei])\}/g, "$1")
    .replace(/\\%|%/g, "/100")
    .replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ/g, "\\circ");
  const translator = new Translator(tokenize(text));
  const expression = translator.translate();
  return { expression, variables: [...translator.variables].sort() };
}
