// The gauntlet rubric on answers written for these tests: the features the
// rubric language exists for, applied to the ideas of each round.
import { describe, expect, it } from "vitest";
import { compactResult, expandResult, findRound, score, type CompactResult, type CompiledRound } from "../src/core/index.js";
import { resolveRubric } from "../src/services/rubrics.js";

const rubric = resolveRubric("network-latency-spikes");
const round = (n: number): CompiledRound => {
  const r = findRound(rubric, n);
  if (!r) throw new Error(`no round ${n}`);
  return r;
};
const concept = (n: number, answer: string, id: string) => score(round(n), answer).concepts.find((c) => c.id === id);

describe("network-latency-spikes rubric", () => {
  it.each([
    "conntrack_max",
    "nf_conntrack_max",
    "net.netfilter.nf_conntrack_max",
    "the conntrack maximum",
  ])("reads %s as the conntrack limit", (spelling) => {
    const answer = `Compare nf_conntrack_count against ${spelling}; when the count sits at the limit the table is full.`;
    expect(concept(2, answer, "count-vs-max")?.matched).toBe(true);
  });

  it.each(["about 300 bytes", "~0.3 KB", "288-320 bytes", "roughly three hundred bytes"])(
    "reads %s as the size of a conntrack entry",
    (size) => {
      const answer = `Each tracked entry costs ${size}, so 262144 entries is roughly 75 MB of kernel memory.`;
      expect(concept(2, answer, "memory-sizing")?.matched).toBe(true);
    },
  );

  it.each(["30s", "30 seconds", "thirty seconds", "half a minute"])("ties UDP expiry to %s", (period) => {
    const answer = `UDP flows in the conntrack table expire after ${period} by default, which is exactly our period.`;
    expect(concept(1, answer, "udp-conntrack-timeout")?.matched).toBe(true);
  });

  it("does not credit a rejected connection pool", () => {
    const c = concept(3, "I would not use a connection pool here; I'd raise the conntrack limit again.", "pool-in-client");
    expect(c).toMatchObject({ matched: false, negated: true });
  });

  it("credits a pool through misspellings", () => {
    const c = concept(3, "Configure conection poolling in the redis client library so conections are reused.", "pool-in-client");
    expect(c?.matched).toBe(true);
    expect(c?.evidence.some((e) => e.typo)).toBe(true);
  });

  it("grades a bare keyword list weak however many terms it names", () => {
    const r = score(round(1), "cron, GC, probes, curl, ping, ss -s, conntrack -S, dmesg, UDP 30s");
    expect(r.classification).toBe("weak");
    expect(r.flags.map((f) => f.code)).toContain("keyword-stuffing");
  });

  it("grades an inventory of bare terms weak even inside a sentence", () => {
    const r = score(
      round(1),
      "My usual kit for this: cron timing, GC logs, probe settings, ping against curl, ss -s, conntrack -S, dmesg output, the UDP thirty second expiry. One of them will show it.",
    );
    expect(r.classification).toBe("weak");
    expect(r.flags.some((f) => f.code === "keyword-stuffing")).toBe(true);
    // The same ideas, each with what it shows, is an answer.
    const reasoned = score(
      round(1),
      "Line the spikes up against cron, GC and probe timings. Ping the pod while timing curl: if only curl spikes, it's the app. On the node, ss -s, conntrack -S and dmesg show drops. UDP entries expire after 30 s by default, which matches the beat.",
    );
    expect(reasoned.flags.some((f) => f.code === "keyword-stuffing")).toBe(false);
    expect(reasoned.classification).not.toBe("weak");
  });

  it("reads slashes as separating the items of an inventory, and counts a match that runs on past it", () => {
    const r = score(round(1), "timers / GC / liveness probes, curl with times, ping the pod IP, ss -s, conntrack -S, dmesg, UDP expiry 30s vs TCP five days.");
    expect(r.flags.some((f) => f.code === "keyword-stuffing")).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("reads semicolons as separating the items of an inventory", () => {
    const r = score(round(1), "On my list: timers; GC; probes; timed curl; ping to the pod IP; ss -s; conntrack -S; dmesg; UDP expiry 30s vs TCP five days.");
    expect(r.flags.some((f) => f.code === "keyword-stuffing")).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("reads a reboot a persisted setting guards against as no restart", () => {
    const guarded = "Raise nf_conntrack_max with sysctl -w and keep it in /etc/sysctl.d, so a reboot of the node doesn't undo it.";
    expect(concept(2, guarded, "restart-node")?.matched).toBe(false);
    expect(concept(2, "Reboot the node, so the table doesn't stay full.", "restart-node")?.matched).toBe(true);
  });

  it("credits asking why the entry counts run so high", () => {
    expect(concept(2, "Both changes are stopgaps until we learn why the entry counts are this high.", "why-so-many")?.matched).toBe(true);
  });

  it("compares conntrack count with max across two command lines", () => {
    const answer = "Check both:\ncat /proc/sys/net/netfilter/nf_conntrack_count\ncat /proc/sys/net/netfilter/nf_conntrack_max";
    expect(concept(2, answer, "count-vs-max")?.matched).toBe(true);
  });

  it("does not read 'configs' as a misspelt 'confident' declaring GC the cause", () => {
    expect(concept(1, "I'd compare probe configs, GC logs and cron timings with the spikes.", "gc-guess")?.matched).toBe(false);
  });

  it("credits the memory each connection takes said as what Redis spends on it", () => {
    expect(concept(4, "Redis spends roughly 12KB on every client connection it holds.", "connection-memory-cost")?.matched).toBe(true);
    // "consumer" is no cost word: a bare 100 is then no 100 MB.
    expect(concept(4, "50 x 100 = 5,000 per node, and every other consumer of the cluster adds to that.", "connection-memory-cost")?.matched).toBe(false);
  });

  it("reads a bigger table that bought hours as the symptom framing", () => {
    const answer = "Raising nf_conntrack_max bought us a few hours and nothing more; the cause is the client dialling Redis per command.";
    expect(concept(3, answer, "conntrack-is-symptom")?.matched).toBe(true);
  });

  it("credits a job that fires on a clock as something scheduled", () => {
    expect(concept(1, "Whatever this is, it fires on a clock.", "periodic-correlation")?.matched).toBe(true);
  });

  it("credits the UDP timeout named by its sysctl beside 30 s", () => {
    const answer = "Thirty seconds stands out: on these nodes the default nf_conntrack_udp_timeout is exactly that.";
    expect(concept(1, answer, "udp-conntrack-timeout")?.matched).toBe(true);
  });

  it("credits counters that jump in each slow window as the in-step check", () => {
    const answer = "Log conntrack -S every second and check the drop counter jumps inside each slow window of the curl log.";
    expect(concept(1, answer, "in-step-confirmation")?.matched).toBe(true);
  });

  it("reads 'two dozen' per pod as a pool of 24 in the headroom plan", () => {
    const answer = "Give each pod two dozen connections and raise maxclients to 20k, with ulimit -n above it.";
    expect(concept(4, answer, "combined-headroom-plan")?.matched).toBe(true);
  });

  it("does not read a neighbour that eats the rest of the limit as a memory cost", () => {
    const answer = "50 x 100 makes 5,000 per node, and another tenant eats the rest of the 10,000.";
    expect(concept(4, answer, "connection-memory-cost")?.matched).toBe(false);
  });

  it("credits a plain EC2 instance as the world without Kubernetes, and dialing thousands a second as churn", () => {
    expect(concept(5, "Ask whether it would happen on a plain EC2 instance with no NAT in the way.", "without-kubernetes")?.matched).toBe(true);
    const chain = "The latency came from conntrack filling up, and that was caused by the service dialing Redis thousands of times a second.";
    expect(concept(5, chain, "incident-chain")?.matched).toBe(true);
  });

  it("reads an app-first instinct the answer calls the wrong order as turned down", () => {
    const answer = "My habit was to check the app first, and this incident showed me that's the wrong order.";
    expect(concept(5, answer, "application-first")?.matched).toBe(false);
    expect(concept(5, "Always check the app first; the wrong layer is rarely the app.", "application-first")?.matched).toBe(true);
  });

  it("counts a weak move added with 'also' as no rejection of the same move in its sentence", () => {
    const answer = "I'd push nf_conntrack_max up again and cut the TIME_WAIT timeout, and also turn on tcp_tw_reuse.";
    expect(concept(3, answer, "more-conntrack-tuning")?.matched).toBe(true);
  });

  it("does not read a small number near TIME_WAIT as the handshake saved", () => {
    expect(concept(3, "Raise the max to 2 or 4 million and cut the time_wait timeout.", "handshake-saving")?.matched).toBe(false);
  });

  it("reads 'that's where the problem shows' as the symptom framing", () => {
    const answer = "So conntrack is where the problem shows; the missing pool in the client is where it lives.";
    expect(concept(3, answer, "conntrack-is-symptom")?.matched).toBe(true);
  });

  it("credits spikes that become 45 seconds apart when the probe period does", () => {
    const answer = "Set periodSeconds to 45 on one deployment; if the spike interval becomes 45 too, the probe is it.";
    expect(concept(1, answer, "in-step-confirmation")?.matched).toBe(true);
  });

  it("reads a weak move the answer would not expect to help as turned down", () => {
    const answer = "More replicas might buy headroom one day, but I wouldn't expect it to change the spikes.";
    expect(concept(1, answer, "scale-out")?.matched).toBe(false);
  });

  it("credits symptom and cause 'not in the same layer', the app creating connections as churn, and a VM that wouldn't have the problem", () => {
    expect(concept(5, "The symptom and its cause are often not in the same layer.", "symptom-vs-cause-layer")?.matched).toBe(true);
    const chain = "Latency was the symptom, conntrack exhaustion the kernel cause, and the app creating connections nonstop the root.";
    expect(concept(5, chain, "incident-chain")?.matched).toBe(true);
    expect(concept(5, "If the same service on a VM wouldn't hit this problem, blame the cluster.", "without-kubernetes")?.matched).toBe(true);
  });

  it("grades one term repeated over and over weak", () => {
    const r = score(round(2), "Conntrack. Conntrack table, conntrack max, conntrack count, conntrack timeout, conntrack again and conntrack.");
    expect(r.classification).toBe("weak");
  });

  it("credits the app-versus-network split when its conclusion is a negation", () => {
    const c = concept(1, "I would time a curl loop with a ping to the pod running at the same moment; if the ping numbers blow up too, it is not the app.", "layer-split");
    expect(c).toMatchObject({ matched: true, negated: false });
  });

  it("does not count maxclients that the answer says not to touch", () => {
    const c = concept(4, "There is no need to touch maxclients or the ulimit at all.", "maxclients-and-fd-limit");
    expect(c?.matched).toBe(false);
  });

  it("reads a weak move named again right after the answer turned it down as the reason, not the fix", () => {
    const turnedDown = "I would not add instances here. More pods on the same node would hit the same wall at the same moment.";
    expect(concept(1, turnedDown, "scale-out")?.matched).toBe(false);
    expect(concept(1, "More pods on the same node would soak up the spikes.", "scale-out")?.matched).toBe(true);
  });

  it("reads a shorthand retransmit as the latency a dropped packet causes", () => {
    expect(concept(2, "table full -> new flows dropped -> SYN retrans after 1s", "full-table-drops")?.matched).toBe(true);
    expect(concept(2, "the table is full and new flows are dropped", "full-table-drops")?.matched).toBe(false);
  });

  it("reads the table as only where it hurts", () => {
    expect(concept(3, "The tracking table is only where it hurts.", "conntrack-is-symptom")?.matched).toBe(true);
  });

  it("reads the table denied as the real problem as the symptom of missing pooling", () => {
    const c = concept(3, "Conntrack was never the real problem here.", "conntrack-is-symptom");
    expect(c).toMatchObject({ matched: true, negated: false });
    expect(concept(3, "The client was never the real problem here.", "conntrack-is-symptom")?.matched).toBe(false);
  });

  it("does not read a file handle as Redis handling the load", () => {
    expect(concept(4, "Redis needs a file handle for every client it accepts.", "dismiss-without-numbers")?.matched).toBe(false);
    expect(concept(4, "Redis handles that many clients easily, so leave it.", "dismiss-without-numbers")?.matched).toBe(true);
  });

  it("credits asking why there are so many, and saying it will be found out", () => {
    expect(concept(2, "Why are there so many visitors at all? I'd find that out next.", "why-so-many")?.matched).toBe(true);
  });

  it("sizes memory only with a figure near what the entries cost", () => {
    expect(concept(2, "A million entries would take around 300 MB of memory.", "memory-sizing")?.matched).toBe(true);
    expect(concept(2, "A million entries would take around 3 GB of memory.", "memory-sizing")?.matched).toBe(false);
  });

  it("credits a symptom felt in one place and broken in another", () => {
    expect(concept(5, "Where the latency hurts is seldom where the system breaks.", "symptom-vs-cause-layer")?.matched).toBe(true);
    expect(concept(5, "The layer that shows the symptom tells you little about the cause.", "symptom-vs-cause-layer")?.matched).toBe(true);
    expect(concept(5, "symptoms show up in a diff layer than the root cause", "symptom-vs-cause-layer")?.matched).toBe(true);
  });

  it("reads 'the app first' as the habit, and 'First, an app ...' as counting", () => {
    expect(concept(5, "I always look at the app first; that is where bugs live.", "application-first")?.matched).toBe(true);
    expect(concept(5, "Two lessons. First, an app call crosses many layers.", "application-first")?.matched).toBe(false);
  });

  it("reads 'maxclients up' as raising it", () => {
    expect(concept(4, "maxclients up if needed, with ulimit -n set past it.", "maxclients-and-fd-limit")?.matched).toBe(true);
  });

  it("credits a proxy whose multiplexing the next sentence explains", () => {
    const answer = "Run a Redis-aware proxy beside each pod. Requests from the app are then multiplexed onto a small set of upstream connections.";
    expect(concept(4, answer, "multiplexing-proxy")?.matched).toBe(true);
  });

  it("credits the incident's chain told as causes, and distrust of where the symptom shows", () => {
    const chain = "Users saw latency; the cause was conntrack on the node, and that was caused by connection churn in the app.";
    expect(concept(5, chain, "incident-chain")?.matched).toBe(true);
    const order = "Start from the latency users see, then the network, then conntrack, then the app's connection churn.";
    expect(concept(5, order, "incident-chain")?.matched).toBe(false);
    expect(concept(5, "Don't trust where the symptom appears; look further down.", "symptom-vs-cause-layer")?.matched).toBe(true);
  });

  it("credits a pool size called ample", () => {
    expect(concept(4, "Measure it; I'd expect ten to twenty to be ample, which is five hundred to a thousand in total.", "right-size-pool")?.matched).toBe(true);
  });

  it("credits the layers listed with the same stack on the far side", () => {
    const answer = "A request meets a network namespace, a veth pair, iptables rules and conntrack, and the same stack on the far side.";
    expect(concept(5, answer, "hidden-layers")?.matched).toBe(true);
  });

  it("reads 'underneath the app' as the network side of the split", () => {
    const answer = "Run curl against the service in a loop with timestamps and keep a ping to the pod going the whole time. If the ping holds steady the code is at fault; if it wobbles as well, the fault sits underneath the app.";
    expect(concept(1, answer, "layer-split")?.matched).toBe(true);
  });

  it("credits a handshake a command no longer pays for, and a pool opened at startup", () => {
    expect(concept(3, "With the pool each GET doesn't pay for a handshake anymore.", "handshake-saving")?.matched).toBe(true);
    expect(concept(3, "Give it 25 connections, opened at startup and handed out to requests.", "reuse-tens-rate-zero")?.matched).toBe(true);
  });

  it("reads leaving the kernel table alone because it only tells of the app as the symptom framing", () => {
    const answer = "I'd stop tuning the conntrack table; it's only telling us the client opens a socket per call.";
    expect(concept(3, answer, "conntrack-is-symptom")?.matched).toBe(true);
  });

  it("credits a proxy that pipelines onto a fixed number of connections", () => {
    const answer = "Put twemproxy in front: it takes all the app's requests and pipelines them over a fixed number of connections per Redis node.";
    expect(concept(4, answer, "multiplexing-proxy")?.matched).toBe(true);
  });

  it("credits layers that stay invisible until one jams, and a node out of conntrack space in the chain", () => {
    expect(concept(5, "Namespaces, veths, NAT rules, conntrack: all invisible until one of them jams.", "hidden-layers")?.matched).toBe(true);
    const chain = "Callers saw latency spikes, the node was out of conntrack room, and behind that the service opened a new connection for every command.";
    expect(concept(5, chain, "incident-chain")?.matched).toBe(true);
  });

  it("pulls an answer whose main fix is restarting the node down to weak", () => {
    const r = score(round(2), "Just reboot the node, that clears the conntrack table and the drops go away.");
    expect(r.classification).toBe("weak");
    expect(r.flags.some((f) => f.code === "weak-move")).toBe(true);
  });
});

describe("stored form of gauntlet results", () => {
  it("keeps every example's result, in a small fraction of the size", () => {
    let full = 0;
    let compact = 0;
    for (const ex of rubric.examples) {
      const r = score(round(ex.round), ex.answer);
      const stored = JSON.stringify(compactResult(round(ex.round), r));
      expect(expandResult(round(ex.round), JSON.parse(stored) as CompactResult, ex.answer)).toEqual(r);
      full += JSON.stringify(r).length;
      compact += stored.length;
    }
    expect(compact * 4).toBeLessThan(full);
  });
});
