// The gauntlet rubric on answers written for these tests: the features the
// rubric language exists for, applied to the ideas of each round.
import { describe, expect, it } from "vitest";
import { compactResult, expandResult, findRound, score, type CompactResult, type CompiledRound } from "../src/core/index.js";
import { resolveRubric } from "../src/services/rubrics.js";
import { stuffed } from "./helpers.js";

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
    expect(stuffed(r)).toBe(true);
  });

  it("grades an inventory of bare terms weak even inside a sentence", () => {
    const r = score(
      round(1),
      "My usual kit for this: cron timing, GC logs, probe settings, ping against curl, ss -s, conntrack -S, dmesg output, the UDP thirty second expiry. One of them will show it.",
    );
    expect(r.classification).toBe("weak");
    expect(stuffed(r)).toBe(true);
    // The same ideas, each with what it shows, is an answer.
    const reasoned = score(
      round(1),
      "Line the spikes up against cron, GC and probe timings. Ping the pod while timing curl: if only curl spikes, it's the app. On the node, ss -s, conntrack -S and dmesg show drops. UDP entries expire after 30 s by default, which matches the beat.",
    );
    expect(stuffed(reasoned)).toBe(false);
    expect(reasoned.classification).not.toBe("weak");
  });

  it("counts a long identifier as one word of an inventory item", () => {
    const r = score(
      round(2),
      "Relevant here: iptables, NAT, Service IPs, nf_conntrack_count, nf_conntrack_max, sysctl -w, /etc/sysctl.d, nf_conntrack_tcp_timeout_time_wait, nf_conntrack_tcp_timeout_established, retransmissions and about 300 bytes an entry.",
    );
    expect(stuffed(r)).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("reads slashes as separating the items of an inventory, and counts a match that runs on past it", () => {
    const r = score(round(1), "timers / GC / liveness probes, curl with times, ping the pod IP, ss -s, conntrack -S, dmesg, UDP expiry 30s vs TCP five days.");
    expect(stuffed(r)).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("reads semicolons as separating the items of an inventory", () => {
    const r = score(round(1), "On my list: timers; GC; probes; timed curl; ping to the pod IP; ss -s; conntrack -S; dmesg; UDP expiry 30s vs TCP five days.");
    expect(stuffed(r)).toBe(true);
    expect(r.classification).toBe("weak");
  });

  it("grades terms chained with 'plus' and 'as well as' as a bare list", () => {
    const r = score(round(3), "Pooling and Jedis plus a pool of 30, as well as handshake overhead and TIME_WAIT and a twemproxy sidecar.");
    expect(stuffed(r)).toBe(true);
  });

  it("grades a run of one-term sentences as a bare list, and not short lines that say what they show", () => {
    const bare = score(round(1), "Timers. Cron. GC. Probes. ping vs curl. ss -s. conntrack -S. dmesg. UDP expiry 30s.");
    expect(stuffed(bare)).toBe(true);
    const reasoned = score(round(1), "Timers: cron, GC, probes. Ping flat while curl spikes means the app. ss -s. conntrack -S. dmesg. UDP entries expire at 30s, matching the period.");
    expect(stuffed(reasoned)).toBe(false);
  });

  it("counts a fragment's values apart from its words when reading a run of fragments", () => {
    const bare = score(round(1), "Timers / GC / probes. curl in a loop. ping the pod. ss -s. conntrack -S. dmesg. UDP expiry 30s vs TCP 432000s.");
    expect(stuffed(bare)).toBe(true);
  });

  it("reads one word pointing at a comma list as giving examples, not relating anything", () => {
    const r = score(round(1), "Timer -> cron, GC, probes. curl and ping. ss -s, conntrack -S, dmesg. UDP conntrack timeout = 30s, TCP established = 432000s.");
    expect(stuffed(r)).toBe(true);
    // Two words pointing at a conclusion still relate them.
    const related = score(round(1), "Ping flat -> app, ping spiking -> network. ss -s, conntrack -S and dmesg on the node. UDP entries expire at 30s, which matches the period.");
    expect(stuffed(related)).toBe(false);
  });

  it("grades a list opened by 'I'd start with' and chained with 'and', 'plus' and 'as well as' as a bare list", () => {
    const r = score(round(1), "I'd start with cron and GC and probes, plus curl and a ping to the pod IP, as well as ss -s and conntrack -S and dmesg.");
    expect(stuffed(r)).toBe(true);
    const reasoned = score(round(1), "I'd start with a ping to the pod IP beside timed curl, because a flat ping means the app.");
    expect(stuffed(reasoned)).toBe(false);
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

  it("voids the memory sizing when the size per entry is kilobytes", () => {
    const sized = "Raise nf_conntrack_max to 262144 with sysctl -w and persist it; at roughly 300 bytes an entry that is about 75 MB.";
    expect(concept(2, sized, "memory-sizing")?.matched).toBe(true);
    const wrong = "Raise nf_conntrack_max to 262144 with sysctl -w and persist it. Each entry takes about 3 KB, so that costs around 750 MB of kernel memory.";
    const r = score(round(2), wrong);
    // The estimate is found, with its evidence, but the wrong size per entry voids it.
    const sizing = r.concepts.find((c) => c.id === "memory-sizing");
    expect(sizing?.matched).toBe(false);
    expect(sizing?.evidence.length).toBeGreaterThan(0);
    expect(r.missing.map((m) => m.id)).toContain("memory-sizing");
    expect(r.weakMoves.map((w) => w.id)).toContain("entry-size-wrong");
    // Its round trip through the stored form keeps the voided concept as it is.
    expect(expandResult(round(2), compactResult(round(2), r), wrong)).toEqual(r);
    // A bare number next to "entries" is a count, not a size.
    expect(concept(2, "Raise the max to 262144 entries; at roughly 300 bytes each that is about 75 MB.", "entry-size-wrong")?.matched).toBe(false);
  });

  it("voids a mechanism built on TCP entries expiring at 30 s, unless the answer has the UDP timeout right", () => {
    const wrong =
      "The beat is every 30 s, so I'd line it up with probes and cron. My theory: the TCP established timeout is 30 seconds, so tracked sessions all expire at once. I'd confirm it by sampling conntrack -S each second and checking the drops jump with the spikes.";
    const r = score(round(1), wrong);
    const mechanism = r.concepts.find((c) => c.id === "named-mechanism");
    expect(mechanism?.matched).toBe(false);
    expect(mechanism?.evidence.length).toBeGreaterThan(0);
    expect(r.weakMoves.map((w) => w.id)).toContain("tcp-timeout-wrong");
    // Beside the right UDP figure, the same sentence is excused: it voids nothing and is not flagged.
    const right = `${wrong} Scratch the TCP part: UDP conntrack entries are the ones that expire after 30 s by default.`;
    const fixed = score(round(1), right);
    expect(fixed.concepts.find((c) => c.id === "named-mechanism")?.matched).toBe(true);
    expect(fixed.weakMoves.map((w) => w.id)).not.toContain("tcp-timeout-wrong");
  });

  it("reads the table denied as the real problem as the symptom of missing pooling", () => {
    const c = concept(3, "Conntrack was never the real problem here.", "conntrack-is-symptom");
    expect(c).toMatchObject({ matched: true, negated: false });
    expect(concept(3, "The client was never the real problem here.", "conntrack-is-symptom")?.matched).toBe(false);
  });

  it.each([
    ["reads a reboot a persisted setting guards against as no restart", 2, "Raise nf_conntrack_max with sysctl -w and keep it in /etc/sysctl.d, so a reboot of the node doesn't undo it.", "restart-node", false],
    ["still reads a reboot before a purpose clause as the restart", 2, "Reboot the node, so the table doesn't stay full.", "restart-node", true],
    ["credits asking why a node holds a quarter of a million flows", 2, "The question is why one node holds 250,000 live flows at all.", "why-so-many", true],
    ["credits a warm pool that stops creating connections", 3, "Once the pool is warm the app isn't creating new ones at all.", "reuse-tens-rate-zero", true],
    ["credits kernel tweaks that treat what the table sees, not why", 3, "Each tweak treats what the conntrack table sees, not why it sees it.", "conntrack-is-symptom", true],
    ["credits trouble in a lower layer surfacing as app symptoms", 5, "Trouble in those hidden layers tends to surface as app symptoms.", "symptom-vs-cause-layer", true],
    ["credits saying what you see rarely sits where it comes from", 5, "What you see and where it comes from are rarely one place.", "symptom-vs-cause-layer", true],
    ["walks the chain through a proximate cause and a root", 5, "Users saw spikes, the conntrack table was the proximate cause, and a lack of pooling in the app was the root.", "incident-chain", true],
    ["does not read the symptom 'usually' showing as app latency as blaming the app", 5, "When a lower layer fails, the symptom shows up elsewhere, usually as application latency, so you easily blame the wrong part.", "application-first", false],
    ["credits finding out why the table sits at its limit", 2, "After that, figure out why the node is at the limit at all.", "why-so-many", true],
    ["credits a table that only reflects the app's churn", 3, "The kernel table is only reflecting how the app churns sockets.", "conntrack-is-symptom", true],
    ["credits no longer treating the kernel table as the thing to fix", 3, "Let's stop treating the conntrack table as what needs fixing.", "conntrack-is-symptom", true],
    ["credits giving the client a pool", 3, "Give it a connection pool, a few dozen long-lived connections, and new connections drop to near zero.", "pool-in-client", true],
    ["credits 30 s named as no TCP timeout but the UDP one", 1, "Thirty seconds is not a TCP figure, since established lasts days, but it is the UDP default.", "udp-conntrack-timeout", true],
    ["credits augmenting the max and keeping it", 2, "I would augment nf_conntrack_max with sysctl -w and keep it in /etc/sysctl.d/.", "raise-and-persist", true],
    ["credits setting the max with sysctl -w and persisting it", 2, "Set it with sysctl -w and persist it in /etc/sysctl.d/.", "raise-and-persist", true],
    ["credits diminishing the established timeout", 2, "I also diminish the established timeout from its five days.", "shorten-timeouts", true],
    ["credits calling the established timeout far too long", 2, "The established timeout of five days is far too long for short requests.", "shorten-timeouts", true],
    ["does not read 'long-lived' as a timeout called too long", 2, "The established timeout stays as it is, since long-lived connections rely on it.", "shorten-timeouts", false],
    ["credits correlating with what runs on the same cadence", 1, "Thirty seconds on the dot is periodic, so match the spikes against whatever runs on that cadence.", "periodic-correlation", true],
    ["credits a timed curl loop in one terminal and a ping in the other", 1, "Run a timed curl loop in one terminal and ping the pod in a second terminal.", "layer-split", true],
    ["does not read a setting that survives reboots as restarting the node", 2, "Persist the max so it survives reboots; then trim the timeouts so entries clear sooner.", "restart-node", false],
    ["credits timeouts turned way down", 2, "Then the timeouts, time_wait (120) and established (five days), both way down.", "shorten-timeouts", true],
    ["credits a proxy that pipelines many callers over few connections in the next sentence", 4, "Put a Redis-aware proxy such as Twemproxy between the pods and Redis. Since it speaks the protocol it can pipeline commands from many clients onto a handful of backend links.", "multiplexing-proxy", true],
    ["credits asking whether the problem would exist off Kubernetes", 5, "Keep asking whether this would still happen if we weren't on Kubernetes at all.", "without-kubernetes", true],
    ["credits debugging outside in instead of trusting where the symptom shows", 5, "Work from the user inward instead of trusting where the symptom appears.", "symptom-vs-cause-layer", true],
    ["credits UDP's 30 s set against the established TCP timeout", 1, "Correction: established TCP lasts 432000s, while UDP is 30s.", "udp-conntrack-timeout", true],
    ["credits a table full because the client does not pool", 3, "Quit bumping the table: it is full because the client doesn't pool.", "conntrack-is-symptom", true],
    ["credits asking what fills the table", 2, "Those are mitigations; the real question is what keeps filling it.", "why-so-many", true],
    ["credits a right-sized pool said as the drop in the node's total", 4, "I'd go with 15, which takes us from 5,000 down to 750.", "right-size-pool", true],
    ["walks the chain from latency through the full table to the Redis client", 5, "In this case the latency came from a conntrack table that overflowed, and the fix was in the Redis client configuration.", "incident-chain", true],
    ["credits naming a missing pool as the root cause after the kernel", 3, "The underlying defect sits above the kernel: there is no connection pool.", "conntrack-is-symptom", true],
    ["credits a full table traced to a missing pool", 3, "table full -> a socket per call -> no pooling", "conntrack-is-symptom", true],
    ["does not credit the table itself named as the root cause", 3, "The root cause is the undersized conntrack table, so raise it.", "conntrack-is-symptom", false],
    ["credits wondering why a node tracks hundreds of thousands of flows", 2, "The part that bothers me is why a node holds hundreds of thousands of flows at all.", "why-so-many", true],
    ["credits saying the node holds far more connections than it needs", 2, "A table that full means far more connections than the traffic could need.", "why-so-many", true],
    ["credits being suspicious of the symptom, which rarely sits where the problem is", 5, "Stay suspicious of the symptom: what you see first is rarely where the problem is.", "symptom-vs-cause-layer", true],
    ["credits a file limit raised to match maxclients two sentences later", 4, "First I'd raise maxclients above 10,000. A client costs Redis something like 12 KB of buffers, so ten thousand of them come to roughly 120 MB, which a normal Redis host carries easily. I'd set ulimit -n on the Redis nodes to match.", "maxclients-and-fd-limit", true],
    ["credits asking why the entry counts run so high", 2, "Both changes are stopgaps until we learn why the entry counts are this high.", "why-so-many", true],
    ["compares conntrack count with max across two command lines", 2, "Check both:\ncat /proc/sys/net/netfilter/nf_conntrack_count\ncat /proc/sys/net/netfilter/nf_conntrack_max", "count-vs-max", true],
    ["does not read 'configs' as a misspelt 'confident' declaring GC the cause", 1, "I'd compare probe configs, GC logs and cron timings with the spikes.", "gc-guess", false],
    // "consumer" is no cost word: a bare 100 is then no 100 MB.
    ["credits the memory each connection takes said as what Redis spends on it", 4, "Redis spends roughly 12KB on every client connection it holds.", "connection-memory-cost", true],
    ["does not read 'consumer' as a cost word that makes a bare 100 into 100 MB", 4, "50 x 100 = 5,000 per node, and every other consumer of the cluster adds to that.", "connection-memory-cost", false],
    ["reads a bigger table that bought hours as the symptom framing", 3, "Raising nf_conntrack_max bought us a few hours and nothing more; the cause is the client dialling Redis per command.", "conntrack-is-symptom", true],
    ["credits a job that fires on a clock as something scheduled", 1, "Whatever this is, it fires on a clock.", "periodic-correlation", true],
    ["credits the UDP timeout named by its sysctl beside 30 s", 1, "Thirty seconds stands out: on these nodes the default nf_conntrack_udp_timeout is exactly that.", "udp-conntrack-timeout", true],
    ["credits counters that jump in each slow window as the in-step check", 1, "Log conntrack -S every second and check the drop counter jumps inside each slow window of the curl log.", "in-step-confirmation", true],
    ["reads 'two dozen' per pod as a pool of 24 in the headroom plan", 4, "Give each pod two dozen connections and raise maxclients to 20k, with ulimit -n above it.", "combined-headroom-plan", true],
    ["does not read a neighbour that eats the rest of the limit as a memory cost", 4, "50 x 100 makes 5,000 per node, and another tenant eats the rest of the 10,000.", "connection-memory-cost", false],
    ["credits a plain EC2 instance as the world without Kubernetes", 5, "Ask whether it would happen on a plain EC2 instance with no NAT in the way.", "without-kubernetes", true],
    ["credits dialing Redis thousands of times a second as the churn in the chain", 5, "The latency came from conntrack filling up, and that was caused by the service dialing Redis thousands of times a second.", "incident-chain", true],
    ["reads an app-first instinct the answer calls the wrong order as turned down", 5, "My habit was to check the app first, and this incident showed me that's the wrong order.", "application-first", false],
    ["still reads 'always check the app first' as the habit beside another use of 'wrong'", 5, "Always check the app first; the wrong layer is rarely the app.", "application-first", true],
    ["counts a weak move added with 'also' as no rejection of the same move in its sentence", 3, "I'd push nf_conntrack_max up again and cut the TIME_WAIT timeout, and also turn on tcp_tw_reuse.", "more-conntrack-tuning", true],
    ["does not read a small number near TIME_WAIT as the handshake saved", 3, "Raise the max to 2 or 4 million and cut the time_wait timeout.", "handshake-saving", false],
    ["reads 'that's where the problem shows' as the symptom framing", 3, "So conntrack is where the problem shows; the missing pool in the client is where it lives.", "conntrack-is-symptom", true],
    ["credits spikes that become 45 seconds apart when the probe period does", 1, "Set periodSeconds to 45 on one deployment; if the spike interval becomes 45 too, the probe is it.", "in-step-confirmation", true],
    ["reads a weak move the answer would not expect to help as turned down", 1, "More replicas might buy headroom one day, but I wouldn't expect it to change the spikes.", "scale-out", false],
    ["credits symptom and cause 'not in the same layer'", 5, "The symptom and its cause are often not in the same layer.", "symptom-vs-cause-layer", true],
    ["credits the app creating connections nonstop as the churn in the chain", 5, "Latency was the symptom, conntrack exhaustion the kernel cause, and the app creating connections nonstop the root.", "incident-chain", true],
    ["credits a VM that wouldn't have the problem as the world without Kubernetes", 5, "If the same service on a VM wouldn't hit this problem, blame the cluster.", "without-kubernetes", true],
    ["reads a weak move named again right after the answer turned it down as the reason, not the fix", 1, "I would not add instances here. More pods on the same node would hit the same wall at the same moment.", "scale-out", false],
    ["reads the same weak move stated alone as the fix", 1, "More pods on the same node would soak up the spikes.", "scale-out", true],
    ["reads a shorthand retransmit as the latency a dropped packet causes", 2, "table full -> new flows dropped -> SYN retrans after 1s", "full-table-drops", true],
    ["needs the effect of the drops, not only the drops", 2, "the table is full and new flows are dropped", "full-table-drops", false],
    ["reads the table as only where it hurts", 3, "The tracking table is only where it hurts.", "conntrack-is-symptom", true],
    ["does not read a file handle as Redis handling the load", 4, "Redis needs a file handle for every client it accepts.", "dismiss-without-numbers", false],
    ["reads Redis handling that many clients as dismissing the concern", 4, "Redis handles that many clients easily, so leave it.", "dismiss-without-numbers", true],
    ["credits asking why there are so many, and saying it will be found out", 2, "Why are there so many visitors at all? I'd find that out next.", "why-so-many", true],
    ["sizes memory with a figure near what the entries cost", 2, "A million entries would take around 300 MB of memory.", "memory-sizing", true],
    ["does not size memory with a figure far from what the entries cost", 2, "A million entries would take around 3 GB of memory.", "memory-sizing", false],
    ["credits a symptom felt in one place and broken in another", 5, "Where the latency hurts is seldom where the system breaks.", "symptom-vs-cause-layer", true],
    ["credits a symptom layer that tells little about the cause", 5, "The layer that shows the symptom tells you little about the cause.", "symptom-vs-cause-layer", true],
    ["credits symptoms that show up in a 'diff' layer", 5, "symptoms show up in a diff layer than the root cause", "symptom-vs-cause-layer", true],
    ["reads 'the app first' as the habit", 5, "I always look at the app first; that is where bugs live.", "application-first", true],
    ["reads 'First, an app ...' as counting, not the habit", 5, "Two lessons. First, an app call crosses many layers.", "application-first", false],
    ["reads 'maxclients up' as raising it", 4, "maxclients up if needed, with ulimit -n set past it.", "maxclients-and-fd-limit", true],
    ["credits a proxy whose multiplexing the next sentence explains", 4, "Run a Redis-aware proxy beside each pod. Requests from the app are then multiplexed onto a small set of upstream connections.", "multiplexing-proxy", true],
    ["credits the incident's chain told as causes", 5, "Users saw latency; the cause was conntrack on the node, and that was caused by connection churn in the app.", "incident-chain", true],
    ["credits a full table whose cause is said to lie in the app", 3, "The kernel table overflows; the cause lies in the client library.", "conntrack-is-symptom", true],
    ["credits confirming that the counters move, with no word for the spikes", 1, "To confirm, I'd timestamp the conntrack counters and check whether they move every thirty seconds.", "in-step-confirmation", true],
    ["credits the chain as a terse ordered list", 5, "Three layers in one incident: latency, conntrack, connection churn.", "incident-chain", true],
    ["does not read an order of debugging steps as the incident's chain", 5, "Start from the latency users see, then the network, then conntrack, then the app's connection churn.", "incident-chain", false],
    ["credits distrust of where the symptom shows", 5, "Don't trust where the symptom appears; look further down.", "symptom-vs-cause-layer", true],
    ["credits a pool size called ample", 4, "Measure it; I'd expect ten to twenty to be ample, which is five hundred to a thousand in total.", "right-size-pool", true],
    ["credits the layers listed with the same stack on the far side", 5, "A request meets a network namespace, a veth pair, iptables rules and conntrack, and the same stack on the far side.", "hidden-layers", true],
    ["reads 'underneath the app' as the network side of the split", 1, "Run curl against the service in a loop with timestamps and keep a ping to the pod going the whole time. If the ping holds steady the code is at fault; if it wobbles as well, the fault sits underneath the app.", "layer-split", true],
    ["credits a handshake a command no longer pays for", 3, "With the pool each GET doesn't pay for a handshake anymore.", "handshake-saving", true],
    ["credits a pool opened at startup as reused", 3, "Give it 25 connections, opened at startup and handed out to requests.", "reuse-tens-rate-zero", true],
    ["reads leaving the kernel table alone because it only tells of the app as the symptom framing", 3, "I'd stop tuning the conntrack table; it's only telling us the client opens a socket per call.", "conntrack-is-symptom", true],
    ["credits a proxy that pipelines onto a fixed number of connections", 4, "Put twemproxy in front: it takes all the app's requests and pipelines them over a fixed number of connections per Redis node.", "multiplexing-proxy", true],
    ["credits layers that stay invisible until one jams", 5, "Namespaces, veths, NAT rules, conntrack: all invisible until one of them jams.", "hidden-layers", true],
    ["credits a node out of conntrack room in the chain", 5, "Callers saw latency spikes, the node was out of conntrack room, and behind that the service opened a new connection for every command.", "incident-chain", true],
    ["credits a symptom layer and a 'broken' layer that differ, with no harm read into 'broken'", 5, "When a layer fills up it doesn't complain at its own layer. The layer that hurts and the layer that's broken are usually different.", "symptom-vs-cause-layer", true],
    ["credits conntrack at its ceiling in the chain", 5, "Users saw latency spikes, the node's conntrack sat at its ceiling, and the client churned connections all day.", "incident-chain", true],
    ["credits the chain told from the app up to the latency", 5, "It began with the client opening a new connection per call, became a conntrack table at its limit, and reached users as latency spikes.", "incident-chain", true],
    ["credits one box in a rack as the world without Kubernetes", 5, "Would one box in a rack running the same code see it? If yes, it's our code.", "without-kubernetes", true],
    ["credits a Redis proxy that fans requests in onto few sockets", 4, "Put twemproxy in front of the cluster. Requests from every pod get fanned in onto a few upstream sockets per node.", "multiplexing-proxy", true],
    ["does not read 'the layer that alerts' as more monitoring", 5, "The takeaway: the layer that alerts is not the layer that is broken.", "complexity-add-monitoring", false],
    ["still reads a takeaway of more alerting as the monitoring move", 5, "The takeaway is to add more alerts and dashboards.", "complexity-add-monitoring", true],
    ["credits a spike period that halves with the probe period", 1, "Set periodSeconds to 15 on a copy; if the spike period halves, the probe is confirmed.", "in-step-confirmation", true],
    ["credits exempting DNS from tracking to see the spikes disappear", 1, "Exempt DNS from tracking on one node and check whether the spikes disappear there.", "in-step-confirmation", true],
    ["does not read 'add' and 'Redis' in two sentences as adding Redis nodes", 4, "The count grows with every pod we add. To cap it I'd run a Redis proxy on each host that spreads nothing and keeps few upstream links.", "add-redis-nodes", false],
    ["still reads adding Redis nodes to spread the load as the move", 4, "Just add more Redis nodes so the connections spread out across them.", "add-redis-nodes", true],
    ["credits dmesg lines compared with the spike times", 1, "Put the dmesg 'table full' lines beside the curl log and compare them with the spike times.", "in-step-confirmation", true],
    ["credits spikes that vanish on one changed pod while its sibling keeps them", 1, "Switch one pod's resolver to TCP; if its spikes disappear while the sibling keeps them, that's it.", "in-step-confirmation", true],
    ["credits raising the UDP timeout on one node and watching the spikes move", 1, "Raise nf_conntrack_udp_timeout to 60 on one node and see whether the spikes there move to a 60-second beat.", "in-step-confirmation", true],
    ["credits lining up timestamps that would settle which timer it is", 1, "Lining up per-pod spike timestamps against probe start times would settle it.", "in-step-confirmation", true],
    ["credits the delay reported in one place and its reason in another", 5, "The slowness gets reported at the front door, but the reason is usually in a different part of the chain.", "symptom-vs-cause-layer", true],
    ["credits the alert and the root cause hops apart", 5, "The alert and the root cause sat three hops apart.", "symptom-vs-cause-layer", true],
    ["credits the cause said after a negation that ends at 'where'", 5, "Don't patch the spot where the problem surfaced; the cause usually lives in a different layer.", "symptom-vs-cause-layer", true],
    ["credits Kubernetes as where the extra layers come from", 5, "Kubernetes is where the extra layers come from: namespaces, veth pairs, iptables, conntrack, an overlay.", "hidden-layers", true],
    ["credits a conntrack table that overflowed after an aside", 5, "Users saw 500 ms stalls. The conntrack table, the kernel's record of every connection going through Service NAT, overflowed. Behind it, the app made a connection per command.", "incident-chain", true],
    ["credits attributing entries to their destination", 2, "Then attribute the entries by destination port.", "why-so-many", true],
    ["reads a bigger table that 'only treats' the bottom frame as a stopgap", 3, "Enlarging the conntrack table only treats the bottom frame.", "more-conntrack-tuning", false],
    ["credits a full table that comes from the app's throwaway connections", 3, "The full table comes from the app creating throwaway Redis connections all day.", "conntrack-is-symptom", true],
    ["credits the application as what produces the entries", 3, "What is producing the entries is the application, which dials Redis fresh for every command.", "conntrack-is-symptom", true],
    ["credits dmesg as the end of a chain that starts in the app", 3, "What dmesg shows is the end of a chain that starts in the application.", "conntrack-is-symptom", true],
    ["credits a pool sized for concurrency at about thirty, returned after use", 3, "Use a JedisPool sized for our concurrency, something like 30, and return connections to the pool after each call.", "reuse-tens-rate-zero", true],
    ["credits a number joined to its unit by a hyphen ('a 30-second default timeout')", 1, "My bet: UDP flows in conntrack reaching their 30-second default timeout together.", "udp-conntrack-timeout", true],
    ["credits counters whose spikes sit on the drop edges", 1, "Read the drop counter from conntrack -S; the latency spikes sit on its edges.", "in-step-confirmation", true],
    ["credits the same service on a laptop as the world without Kubernetes", 5, "Then ask what happens when the same service runs on my laptop against a local Redis.", "without-kubernetes", true],
    ["credits the architecture the service came from as the world without Kubernetes", 5, "Ask whether the old architecture on plain app servers would have broken the same way.", "without-kubernetes", true],
    ["credits a memory cost given after 'Not really:' answers a question", 4, "Is a higher cap risky for memory? Not really: each client costs about 12 KB of buffers.", "connection-memory-cost", true],
    ["reads 'maxclients isn't fixed' as a limit that can be raised", 4, "Separately, maxclients isn't fixed; raise it, as long as ulimit -n on the Redis host goes above it.", "maxclients-and-fd-limit", true],
    ["credits a symptom that 'isn't where the problem is'", 5, "Where a fault gets noticed isn't where the problem is, as a rule.", "symptom-vs-cause-layer", true],
    ["credits a symptom whose problem is somewhere else", 5, "If the page loads slowly, the fault usually lies somewhere else entirely.", "symptom-vs-cause-layer", true],
    ["credits a cause a couple of layers in from the symptom", 5, "The symptom at the outer edge of the whole system is very often caused by something two layers in.", "symptom-vs-cause-layer", true],
    ["credits taking Kubernetes away, in the words 'delete Kubernetes'", 5, "Ask: if we deleted Kubernetes from the setup, would the stalls survive?", "without-kubernetes", true],
    ["credits a discriminator that asks whether a VM would have it too", 5, "Then the discriminator: would this service on a plain VM have it too?", "without-kubernetes", true],
    ["credits looking at who is making the connections", 2, "Then run conntrack -L and see who is making these connections.", "why-so-many", true],
    ["does not read 'keep opening' connections as keeping them open", 3, "Sockets get stale anyway. Better to keep opening a new connection each time.", "pool-in-client", false],
    ["credits connections that are kept open", 3, "The Redis connections should be kept open and shared between requests.", "pool-in-client", true],
    ["credits a symptom and cause that are never in one layer", 5, "The symptom and the cause almost never sit in one and the same layer.", "symptom-vs-cause-layer", true],
    ["credits where it hurts as rarely where the fault is", 5, "Where the pain is felt is rarely where the fault sits.", "symptom-vs-cause-layer", true],
    ["credits a path through rule tables and virtual cables", 5, "Each packet passes through a virtual cable pair and then rule tables that rewrite addresses.", "hidden-layers", true],
    ["credits a chain from stalls through insert failures to a client without reuse", 5, "The stalls came from conntrack insert failures, which came from a client without connection reuse.", "incident-chain", true],
    ["credits a memory figure given under 'sizing'", 2, "Sizing: 2^18 slots come to roughly 80 MB.", "memory-sizing", true],
    ["credits going upstream for the cause", 2, "All of this is tuning; next, go upstream.", "why-so-many", true],
    ["credits shortening the entries' lifetimes", 2, "Then shorten the lifetimes of time_wait entries.", "shorten-timeouts", true],
    ["credits NAT that works using conntrack", 2, "Service NAT works using conntrack entries to rewrite replies.", "conntrack-purpose", true],
    ["credits a full table caused by connections treated as disposable", 3, "The table overflows because the service treats its Redis connections as disposable.", "conntrack-is-symptom", true],
    ["credits asking why each call gets a fresh socket", 3, "The real question is why each call gets a fresh socket.", "conntrack-is-symptom", true],
    ["credits asking why the app dials Redis so often", 3, "Ask why the application dials Redis thousands of times a second.", "conntrack-is-symptom", true],
    ["credits a worked memory cost with a times sign", 4, "At the ceiling that is 20,000 clients x ~15 KB, some 300 MB.", "connection-memory-cost", true],
    ["credits the chain from latency through a full table to how the app used Redis", 5, "Users saw latency; the tracking table was full; it was full because of the way the service talked to Redis.", "incident-chain", true],
    ["credits links to the cache that are kept open", 3, "Open a few dozen links to the cache at startup and keep them open for every command.", "pool-in-client", true],
    ["credits the Kubernetes plumbing named layer by layer", 5, "Suspect the Kubernetes plumbing: the pod namespace, the veth pair, iptables rules and conntrack.", "hidden-layers", true],
    ["does not credit a pool a teammate floated and the answer holds off on", 3, "A colleague floated a client connection pool, but I'd hold off on that for now.", "pool-in-client", false],
    ["credits dropped flows after a negated relative clause", 2, "Flows that can't get a slot are dropped, so senders retransmit and wait.", "full-table-drops", true],
    ["does not read 'always' and the app across a question as starting with the app", 5, "I always ask: what would it look like on a VM? If the app fails there too, it's ours.", "application-first", false],
    ["credits timeouts turned down in notes", 2, "then the established and time_wait timeouts way down", "shorten-timeouts", true],
    ["credits finding who opens connections like crazy", 2, "some pod is opening connections like crazy, find it", "why-so-many", true],
    ["credits a table size that is not the real problem", 2, "Bigger is fine for now, but the table size isn't the real problem here.", "mitigation-framing", true],
    ["credits the kernel pile-up as fallout of the missing pool", 3, "The tracking table pile-up is only the fallout of connecting per command.", "conntrack-is-symptom", true],
    ["credits a disproof that watches the drop counters through a spike", 1, "To refute it, see whether the drop counters stay flat through a spike.", "in-step-confirmation", true],
    ["credits connections routed through the layers", 5, "Kubernetes routes each connection through a network namespace, a veth and iptables rules.", "hidden-layers", true],
    ["credits a stack of things nobody configured", 5, "Cluster networking is a stack of parts you never configured yourself.", "hidden-layers", true],
    ["credits the layer that shouts as seldom the broken one", 5, "The layer that shouts first is seldom the one that broke.", "symptom-vs-cause-layer", true],
    ["credits a fever whose infection is somewhere else", 5, "Slow pages are the fever; the infection sits somewhere else entirely.", "symptom-vs-cause-layer", true],
    ["credits a VM kept as the baseline", 5, "Keep a plain VM in mind as the baseline for every such incident.", "without-kubernetes", true],
    ["credits a VM asked about the same pain", 5, "Would a VM give the same pain?", "without-kubernetes", true],
    ["credits a table that is only full because the app is careless", 3, "The tracking table is only full because the service is careless with sockets.", "conntrack-is-symptom", true],
    ["credits a bigger table that treated the effect", 3, "Enlarging the tracking table treated the effect, nothing more.", "conntrack-is-symptom", true],
    ["credits conntrack as where the bug happened to blow up", 3, "Conntrack just happens to be where the bug blew up.", "conntrack-is-symptom", true],
    ["credits asking whether a VM would have hit it", 5, "My sanity check: would the same service on a VM have hit this?", "without-kubernetes", true],
    ["credits Kubernetes removed as the counterfactual", 5, "Ask whether the stalls would still happen with Kubernetes removed.", "without-kubernetes", true],
    ["credits not trusting the first layer that looks guilty", 5, "So I would not trust whichever layer looks guilty first.", "symptom-vs-cause-layer", true],
    ["credits following the trail from the outside in", 5, "You follow the trail from the outside in.", "outside-in-order", true],
    ["credits connections opened that should have been pooled as churn", 5, "Users saw stalls; conntrack was full; the service kept opening connections it should have pooled.", "incident-chain", true],
    ["reads 'not a hard limit' as a limit that can be raised", 4, "It's not a hard limit and maxclients can go up with ulimit -n above it.", "maxclients-and-fd-limit", true],
    ["credits network parts that are set up automatically", 5, "All of it is set up automatically: the veth pairs, the NAT rules, conntrack.", "hidden-layers", true],
    ["credits the place an error appears as a poor guide to where it started", 5, "The place an error appears is a poor guide to where it started.", "symptom-vs-cause-layer", true],
    ["credits a sawtooth of conntrack -L counts that coincides with each spike", 1, "Expect the conntrack -L tally to form a sawtooth that coincides with each 500 ms spike.", "in-step-confirmation", true],
    ["credits counters that tick up only in the latency windows, then confirmed", 1, "If they tick up only in the windows where latency hits 500 ms, confirmed.", "in-step-confirmation", true],
    ["credits 'pool to ~20/pod' as right-sizing", 4, "quick win: pool to ~20/pod, not 100.", "right-size-pool", true],
    ["credits 5,000 per shard that grows with every scale-up as the concern", 4, "Per shard that is 5,000 at 50 replicas, and it grows with every HPA scale-up.", "real-concern-math", true],
    ["credits asking whether the same binary on a VM would have spiked", 5, "Would the same binary on a VM have spiked? That tells me cluster layer or app.", "without-kubernetes", true],
    ["does not read a reboot and a node across a bracket as restarting the node", 2, "Persist it in /etc/sysctl.d so it's still set after a reboot (or through the node bootstrap script).", "restart-node", false],
    ["still reads rebooting the affected node as the restart", 2, "Just reboot the affected node and the table empties.", "restart-node", true],
    ["credits the same service as a plain process on a host as the world without Kubernetes", 5, "Run the thought experiment of the same service as a plain process on a host.", "without-kubernetes", true],
    ["credits more network layers than the app knows about", 5, "There are more network layers than the app knows about: netns, veth, iptables, conntrack, the overlay.", "hidden-layers", true],
    ["credits the flat network as an illusion built from real parts", 5, "That illusion is built from real parts: a network namespace, a veth link, DNAT rules and conntrack.", "hidden-layers", true],
    ["credits the reporting layer as a poor guide to the layer that owns it", 5, "The layer reporting a problem is a poor guide to the layer that owns it.", "symptom-vs-cause-layer", true],
    ["credits a liveness check on the 30 s beat", 1, "The liveness check runs every 30 s, which is our period.", "named-mechanism", true],
    ["credits counters that lurch with each spike", 1, "Sample conntrack -S once a second. If the drop counters lurch every time a spike hits, we have our culprit.", "in-step-confirmation", true],
    ["credits a dozen connections a pod", 4, "Give each pod's pool a dozen connections; that is plenty.", "right-size-pool", true],
    ["credits what a pod actually runs at once", 4, "Set each pool to what the pod actually runs at the same time, not to a hundred.", "right-size-pool", true],
    ["credits a chain written with arrows and 'conns'", 5, "What happened: p99 spikes -> table full in dmesg -> thousands of new conns a second from one service.", "incident-chain", true],
    ["credits the cluster's machinery listed in any order", 5, "In a cluster, what looks like the network is really a pile of node machinery: kube-proxy writing iptables rules, the conntrack table, and the CNI carrying packets in VXLAN.", "hidden-layers", true],
    ["credits fighting the kernel while the problem is the app", 3, "We keep fighting the kernel, but the problem is how the application handles connections.", "conntrack-is-symptom", true],
    ["credits a sender that tries again after a drop", 2, "With no room left the kernel throws the first packet away, and the sender tries again after a pause.", "full-table-drops", true],
    ["credits the entries in use against the number allowed", 2, "I'd compare the entries in use with the number allowed.", "count-vs-max", true],
    ["credits a raised allowance saved for boot", 2, "Raise the allowance on the node now and save it in the boot config.", "raise-and-persist", true],
    ["credits whether the app would fall over on a VM", 5, "Would the same app have fallen over on a plain VM? Probably not for a long while.", "without-kubernetes", true],
    ["credits a size per connection and a total in MB", 4, "Every connection holds ~10 KB inside Redis, so ten thousand of them is only ~100 MB.", "connection-memory-cost", true],
    ["credits a plain yes, then why the count grows", 4, "Yes. Each pod's pool reaches every node, and the total climbs with each pod the autoscaler adds.", "real-concern-math", true],
    ["credits a root cause that is not the table", 3, "The root cause is a connection per call, not the conntrack table, which only overflows because of it.", "conntrack-is-symptom", true],
    ["credits layers unseen until something runs out", 5, "You never see it until a table runs out.", "hidden-layers", true],
    ["credits from the users inward a layer at a time", 5, "Start from what the users feel and go deeper a layer at a time.", "outside-in-order", true],
    ["credits the same traffic without kube-proxy", 5, "Without kube-proxy rewriting every call there would be far less pressure, so the platform amplified an app habit.", "without-kubernetes", true],
    ["credits where the time shows up is not what does the damage", 5, "Like a slow query plan: the step where the time shows up is often not the step doing the damage.", "symptom-vs-cause-layer", true],
    ["credits more layers than you'd think", 5, "Under a pod the network layers are more than you'd think.", "hidden-layers", true],
    ["credits the kernel as only where the pain showed", 3, "The kernel was never the problem; it was just where the pain showed up.", "conntrack-is-symptom", true],
    ["credits a bigger table saved for the next boot", 2, "Make the table bigger right away and save the setting in a config file for the next boot.", "raise-and-persist", true],
    ["credits a ping at the same moment as timed requests", 1, "Send timed requests to the service and, at the same moment, keep pinging the pod.", "layer-split", true],
    ["credits a pool matched to what runs at the same time", 4, "Match each pool to how many calls run at the same time in a pod.", "right-size-pool", true],
    ["credits a proxy sharing a few upstream connections", 4, "Put Envoy with its Redis filter beside the app. It takes every thread's requests and sends them over a few shared upstream connections.", "multiplexing-proxy", true],
    ["credits asking who creates all these entries", 2, "Who is creating all these entries? Answering that question is the real fix.", "why-so-many", true],
    ["credits asking why the switchboard is this busy", 2, "I'd want to know why the switchboard is this busy.", "why-so-many", true],
    ["credits the host's connection memory being full in the chain", 5, "Users saw slow replies, the host's connection memory was full, and it was full because the app kept hanging up and redialling.", "incident-chain", true],
    ["credits not stopping at the layer where the symptom shows", 5, "So don't stop at the layer where the symptom shows up.", "symptom-vs-cause-layer", true],
    ["does not credit long-lived sessions as a liveness probe", 1, "I think conntrack drops long-lived sessions: every 30 s the old ones get evicted and reconnect.", "named-mechanism", false],
    ["does not credit 'business' as how busy a pool is", 4, "Pool sizing is the app team's business, not mine.", "right-size-pool", false],
    ["does not credit bare counts as sizes in KB and MB", 4, "A pool of 100 per pod is far more than needed; 20 connections each will do.", "connection-memory-cost", false],
    ["does not credit 'what you see is rarely what broke' as hidden layers", 5, "The lesson: what you see is rarely the part that's broken.", "hidden-layers", false],
    ["does not credit 'you'd think' alone as layers out of sight", 5, "You'd think the network layer would be the obvious place to start.", "hidden-layers", false],
    ["credits connections reused, then a count of them", 3, "Put a pool in the client so connections are opened once and reused: 20-50 is plenty.", "reuse-tens-rate-zero", true],
    ["credits layers invisible until one clogs", 5, "Every one of those stations is invisible until it clogs.", "hidden-layers", true],
    ["credits the node's connection register full in the chain", 5, "Users saw stalls, the register on the node was full, and it was full because the app opened a new connection for every command.", "incident-chain", true],
    ["credits proving it with spike times against the list refilling on the same beat", 1, "I'd prove it by writing spike times next to the tracking list's size and checking it refills on the same beat.", "in-step-confirmation", true],
    ["credits a pool cut to a range rather than to a tiny number", 4, "Cut it to something like 10-20 rather than a tiny number like 2 that would make requests queue.", "right-size-pool", true],
    ["credits not fixing where the pain shows", 5, "So I don't fix where the pain shows; I trace it back to where it started.", "symptom-vs-cause-layer", true],
    ["credits conntrack as the first thing that broke", 3, "Thousands of new connections a second means the client isn't pooling; conntrack is just the first thing that broke.", "conntrack-is-symptom", true],
    ["credits raising the max, then saving it in the next sentence", 2, "Raise the max. Save it in sysctl.d so it sticks after a reboot.", "raise-and-persist", true],
    ["credits a proxy whose many requests share a handful of connections a little later", 4, "Better still, put a Redis-aware proxy next to the app. Like a carpool, lots of riders share a few cars, so the cluster sees a handful of connections per pod.", "multiplexing-proxy", true],
  ] as const)("%s", (_what, n, answer, id, matched) => {
    expect(concept(n, answer, id)?.matched).toBe(matched);
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
