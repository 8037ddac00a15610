import { describe, expect, it } from "vitest";
import { inventorySpans } from "../../src/core/scoring/stuffing.js";
import { tokenize } from "../../src/core/text/tokenize.js";

const runs = (text: string) => inventorySpans(tokenize(text)).map((s) => text.slice(s.start, s.end));

describe("inventory runs", () => {
  it("finds a long run of short comma items inside prose", () => {
    expect(runs("My kit: cron, GC, probes, ping vs curl, ss -s, conntrack -S, dmesg, the UDP timeout. One will show it.")).toEqual([
      "cron, GC, probes, ping vs curl, ss -s, conntrack -S, dmesg, the UDP timeout",
    ]);
  });

  it("reads a bracketed gloss as part of its item, not the end of the run", () => {
    const text = "Pooling (Lettuce / go-redis), keep-alive, reuse, fewer handshakes, a sidecar, pipelining, batching, MULTI. That is all.";
    expect(runs(text)).toEqual(["Pooling (Lettuce / go-redis), keep-alive, reuse, fewer handshakes, a sidecar, pipelining, batching, MULTI"]);
  });

  it("ends a run at an item that says something of its terms", () => {
    // "until they fail" goes on from the item: it is a clause, so the items around it are two short runs.
    expect(runs("Pods, veth, bridges and tunnels stay hidden until they break, then the app, the kernel, the wire and the disk get blamed, one after another.")).toEqual([]);
    expect(runs("Pods, veth, bridges, tunnels, rules, tables, queues, buffers stay hidden.")).toEqual(["Pods, veth, bridges, tunnels, rules, tables, queues, buffers stay hidden"]);
    // A word of reasoning before an item's first term leads into the list.
    expect(runs("It is a kernel thing, so the parts are pods, veth, bridges, tunnels, rules, tables, queues, buffers.")).toHaveLength(1);
  });
});
