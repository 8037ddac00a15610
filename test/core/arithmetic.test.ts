import { describe, expect, it } from "vitest";
import { wrongProducts } from "../../src/core/scoring/arithmetic.js";
import { tokenize } from "../../src/core/text/tokenize.js";

/** The quantities of a wrong product in an answer, as the answer writes them. */
function wrongIn(text: string): string[] {
  const content = tokenize(text).tokens.filter((t) => !t.stop);
  const numbers = content.flatMap((t, i) => (t.kind === "num" ? [i] : []));
  return wrongProducts(content, numbers).map((p) => {
    const t = content[p];
    return t ? text.slice(t.start, t.end) : "";
  });
}

describe("sums in bytes", () => {
  it("finds a product off by a factor of ten, with the sizes it was made of", () => {
    expect(wrongIn("Each row takes about 250 bytes, so 400,000 rows come to roughly 1 GB.")).toEqual(["250 bytes", "1 GB"]);
    expect(wrongIn("We hold 8,000 sessions at 20 KB apiece, which is 16 MB.")).toEqual(["20 KB", "16 MB"]);
  });

  it("accepts a product that is right within rounding, or read loosely from number words", () => {
    expect(wrongIn("Each row takes about 250 bytes, so 400,000 rows come to roughly 100 MB.")).toEqual([]);
    expect(wrongIn("We hold 8,000 sessions at 20 KB apiece, which is 160 MiB.")).toEqual([]);
    expect(wrongIn("A few hundred bytes a row, so a million rows is about 300 MB.")).toEqual([]);
    // The far end of a range of sizes is no product.
    expect(wrongIn("400,000 rows at 240 to 260 bytes each is about 100 MB.")).toEqual([]);
    expect(wrongIn("400,000 rows at 240 to 260 bytes each is about 1 GB.")).toEqual(["240", "260 bytes", "1 GB"]);
  });

  it("asks nothing of sizes without a count between them, or of a count too small to be one", () => {
    expect(wrongIn("Rows are 250 bytes and the box has 64 GB.")).toEqual([]);
    expect(wrongIn("Rows are 250 bytes, we run 3 replicas, and the box has 64 GB.")).toEqual([]);
    // The first larger size after a size and a count is the result; a later one is something else.
    expect(wrongIn("At 250 bytes a row, 400,000 rows is 100 MB, nothing on a 64 GB box.")).toEqual([]);
  });

  it("checks each sentence on its own", () => {
    expect(wrongIn("Rows are 250 bytes. We keep 400,000 of them. The box has 1 GB.")).toEqual([]);
  });
});
