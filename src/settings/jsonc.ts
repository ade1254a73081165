/**
 * Reader for JSON with `//` and `/* *\/` comments and trailing commas, the
 * dialect of EGS settings files. Comments and trailing commas are removed
 * outside of strings, then the text goes to `JSON.parse`.
 */

/** Parses JSON-with-comments text; throws a SyntaxError from `JSON.parse` on bad input. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripTrailingCommas(stripComments(text)));
}

function stripComments(text: string): string {
  let output = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];

    if (char === '"') {
      const end = findStringEnd(text, index);
      output += text.slice(index, end);
      index = end;
    } else if (char === "/" && next === "/") {
      while (index < text.length && text[index] !== "\n") index++;
    } else if (char === "/" && next === "*") {
      const end = text.indexOf("*/", index + 2);
      index = end === -1 ? text.length : end + 2;
      output += " ";
    } else {
      output += char;
      index++;
    }
  }
  return output;
}

function stripTrailingCommas(text: string): string {
  let output = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      const end = findStringEnd(text, index);
      output += text.slice(index, end);
      index = end;
      continue;
    }
    if (char === ",") {
      let look = index + 1;
      while (look < text.length && /\s/.test(text[look])) look++;
      if (text[look] === "}" || text[look] === "]") {
        index++;
        continue;
      }
    }
    output += char;
    index++;
  }
  return output;
}

/** Returns the index just past the closing quote of the string that starts at `start`. */
function findStringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === "\\") {
      index += 2;
    } else if (text[index] === '"') {
      return index + 1;
    } else {
      index++;
    }
  }
  return text.length;
}
