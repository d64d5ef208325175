/**
 * A conservative grammar of the CSS selectors a site profile may use, for where no browser is at hand (the
 * CLI, the worker): a subset of Selectors Level 4 that Chromium accepts. It may refuse an exotic selector
 * Chromium would take (write it more plainly); it must never accept one Chromium rejects — the corpus in
 * selector-grammar.test.ts is checked against real Chromium by test/e2e/selector-corpus.test.ts.
 *
 * It also prices a selector (selectorCost): `:has()` looking through descendants or siblings makes the browser
 * re-check large parts of the page on every change (three such selectors froze a 50,000-element note page for
 * 2–8 s per commit), so those are refused, and so is a selector past a fixed size.
 */

const PSEUDO_CLASSES = new Set([
  'active',
  'any-link',
  'autofill',
  'checked',
  'default',
  'defined',
  'disabled',
  'empty',
  'enabled',
  'first-child',
  'first-of-type',
  'focus',
  'focus-visible',
  'focus-within',
  'hover',
  'in-range',
  'indeterminate',
  'invalid',
  'last-child',
  'last-of-type',
  'link',
  'only-child',
  'only-of-type',
  'optional',
  'out-of-range',
  'placeholder-shown',
  'read-only',
  'read-write',
  'required',
  'root',
  'scope',
  'target',
  'valid',
  'visited',
]);
const LIST_FUNCTIONS = new Set(['not', 'is', 'where']);
const NTH_FUNCTIONS = new Set(['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type']);
const AN_PLUS_B = /^(?:odd|even|[+-]?\d+|[+-]?\d*n(?:\s*[+-]\s*\d+)?)$/i;
/** Compound selectors in one selector (all lists together) beyond which it is refused as too costly. */
export const MAX_COMPOUNDS = 16;

class Invalid extends Error {}

/** What parsing found that costs: compound selectors, and `:has()` arguments that look beyond children. */
interface Cost {
  compounds: number;
  wideHas: boolean;
  nestedHas: boolean;
}

class Parser {
  i = 0;
  cost: Cost = { compounds: 0, wideHas: false, nestedHas: false };
  private hasDepth = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new Invalid(`${what} at character ${this.i + 1}`);
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  ws(): boolean {
    const start = this.i;
    while (/[ \t\n\r\f]/.test(this.peek())) this.i++;
    return this.i > start;
  }

  /** An identifier: letters, digits, '-', '_', non-ASCII and escapes; not starting with a digit (or '-' + digit). */
  ident(): string {
    const start = this.i;
    if (this.peek() === '-') this.i++;
    if (this.peek() === '-') this.i++;
    else if (!this.nameStart()) this.fail('expected a name');
    while (this.nameChar()) {
      /* consumed */
    }
    return this.s.slice(start, this.i);
  }
  private escape(): boolean {
    if (this.peek() !== '\\') return false;
    const next = this.s[this.i + 1];
    if (next === undefined || '\n\r\f'.includes(next)) this.fail('a backslash that escapes nothing');
    this.i++;
    const hex = /^[0-9a-fA-F]{1,6}/.exec(this.s.slice(this.i));
    if (hex) {
      this.i += hex[0].length;
      if (/[ \t\n\r\f]/.test(this.peek())) this.i++;
    } else this.i++;
    return true;
  }
  private nameStart(): boolean {
    const c = this.peek();
    if (/[a-zA-Z_]/.test(c) || (c !== '' && c.charCodeAt(0) >= 0x80)) {
      this.i++;
      return true;
    }
    return this.escape();
  }
  private nameChar(): boolean {
    const c = this.peek();
    if (/[a-zA-Z0-9_-]/.test(c) || (c !== '' && c.charCodeAt(0) >= 0x80)) {
      this.i++;
      return true;
    }
    return this.escape();
  }

  string(): void {
    const quote = this.peek();
    this.i++;
    while (this.peek() !== quote) {
      const c = this.peek();
      if (c === '' || '\n\r\f'.includes(c)) this.fail(`an unclosed ${quote} quote`);
      if (c === '\\') {
        this.i += this.s[this.i + 1] === undefined ? 1 : 2;
        continue;
      }
      this.i++;
    }
    this.i++;
  }

  /** selector-list := complex (',' complex)* ; `relative` for :has() (each may start with a combinator). */
  list(relative: boolean, close: string): void {
    for (;;) {
      this.ws();
      this.complex(relative);
      this.ws();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === close) return;
      this.fail(close === '' ? 'unexpected text' : `expected ',' or '${close}'`);
    }
  }

  private combinator(): string | null {
    const c = this.peek();
    if (c === '>' || c === '+' || c === '~') {
      this.i++;
      this.ws();
      return c;
    }
    return null;
  }

  /**
   * Inside :has(), a descendant or sibling combinator (no leading combinator means "a descendant") makes the
   * browser look through many elements on each change, unless the element looked for has an id (the browser
   * then only re-checks when that id comes or goes): only '>' chains, or an id at the end, stay cheap.
   */
  complex(relative: boolean): void {
    let wide = relative && this.combinator() !== '>';
    let id = this.compound();
    for (;;) {
      const spaced = this.ws();
      const c = this.peek();
      if (c === '' || c === ',' || c === ')') break;
      const comb = this.combinator() ?? (spaced ? ' ' : null);
      if (comb === null) this.fail('expected a combinator');
      if (comb !== '>') wide = true;
      id = this.compound();
    }
    if (this.hasDepth > 0 && wide && !id) this.cost.wideHas = true;
  }

  /** One compound selector; true when it names an id. */
  compound(): boolean {
    let id = false;
    this.cost.compounds++;
    let parts = 0;
    if (this.peek() === '*') {
      this.i++;
      parts++;
    } else if (/[a-zA-Z_\\-]/.test(this.peek()) || this.peek().charCodeAt(0) >= 0x80) {
      this.ident();
      parts++;
    }
    if (this.peek() === '|') this.fail('namespaces are not supported');
    for (;;) {
      const c = this.peek();
      if (c === '#' || c === '.') {
        id ||= c === '#';
        this.i++;
        this.ident();
      } else if (c === '[') this.attribute();
      else if (c === ':') this.pseudo();
      else break;
      parts++;
    }
    if (parts === 0) this.fail('expected a selector');
    return id;
  }

  attribute(): void {
    this.i++;
    this.ws();
    this.ident();
    this.ws();
    if (this.peek() === '|' && this.s[this.i + 1] !== '=') this.fail('namespaces are not supported');
    if (this.peek() !== ']') {
      const op = /^[~|^$*]?=/.exec(this.s.slice(this.i));
      if (!op) this.fail("expected '=', '~=', '|=', '^=', '$=', '*=' or ']'");
      this.i += op[0].length;
      this.ws();
      if (this.peek() === '"' || this.peek() === "'") this.string();
      else this.ident();
      if (this.ws() && /[iIsS]/.test(this.peek())) {
        this.i++;
        this.ws();
      }
    }
    if (this.peek() !== ']') this.fail("expected ']'");
    this.i++;
  }

  pseudo(): void {
    this.i++;
    if (this.peek() === ':') this.fail('pseudo-elements match no element');
    const name = this.ident().toLowerCase();
    if (this.peek() !== '(') {
      if (!PSEUDO_CLASSES.has(name)) this.fail(`':${name}' is not a pseudo-class this check knows`);
      return;
    }
    this.i++;
    this.ws();
    if (LIST_FUNCTIONS.has(name)) this.list(false, ')');
    else if (name === 'has') {
      if (this.hasDepth > 0) this.cost.nestedHas = true;
      this.hasDepth++;
      this.list(true, ')');
      this.hasDepth--;
    } else if (NTH_FUNCTIONS.has(name)) {
      const end = this.s.indexOf(')', this.i);
      const arg = end < 0 ? '' : this.s.slice(this.i, end).trim();
      if (!AN_PLUS_B.test(arg)) this.fail(`':${name}()' takes a number, 'odd', 'even' or 'an+b'`);
      this.i = end;
    } else if (name === 'lang') {
      for (;;) {
        if (this.peek() === '"' || this.peek() === "'") this.string();
        else this.ident();
        this.ws();
        if (this.peek() !== ',') break;
        this.i++;
        this.ws();
      }
    } else if (name === 'dir') {
      const d = this.ident().toLowerCase();
      if (d !== 'ltr' && d !== 'rtl') this.fail("':dir()' takes ltr or rtl");
      this.ws();
    } else this.fail(`':${name}()' is not a pseudo-class this check knows`);
    if (this.peek() !== ')') this.fail("expected ')'");
    this.i++;
  }
}

function parse(s: string): { problem: string } | { cost: Cost } {
  const p = new Parser(s);
  try {
    p.list(false, '');
    if (p.i < s.length) p.fail('unexpected text');
    return { cost: p.cost };
  } catch (e) {
    if (e instanceof Invalid) return { problem: `is not a selector this check accepts (${e.message})` };
    throw e;
  }
}

/** Why the selector is not in the accepted grammar, or null. */
export function grammarProblem(s: string): string | null {
  const r = parse(s);
  return 'problem' in r ? r.problem : null;
}

/** Why the selector would cost the page too much on every change, or null (a selector outside the grammar costs nothing here). */
export function costProblem(s: string): string | null {
  const r = parse(s);
  if ('problem' in r) return null;
  if (r.cost.nestedHas) return "nests ':has()' inside ':has()', which makes the browser re-check the page on every change";
  if (r.cost.wideHas)
    return "uses ':has()' to look for an element without an id among descendants or siblings, which makes the browser re-check large parts of the page on every change (a 50,000-element note page froze for seconds): use ':has(> child)', ':has(#id)' or a plain selector";
  if (r.cost.compounds > MAX_COMPOUNDS) return `has ${r.cost.compounds} parts, more than the ${MAX_COMPOUNDS} a profile's selector may have`;
  return null;
}
