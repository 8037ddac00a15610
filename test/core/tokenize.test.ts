import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/core/text/tokenize.js";

const keys = (s: string): string[] => tokenize(s).tokens.filter((t) => !t.stop).map((t) => t.key);
const quantities = (s: string) => tokenize(s).tokens.filter((t) => t.kind === "num").map((t) => t.qty);

describe("tokenize", () => {
  it("keeps offsets that slice the original text", () => {
    const text = "Café: run `ss -s` and sysctl net.netfilter.nf_conntrack_max!";
    for (const t of tokenize(text).tokens) expect(text.slice(t.start, t.end).length).toBe(t.end - t.start);
    const words = tokenize(text).tokens.map((t) => text.slice(t.start, t.end));
    expect(words).toEqual(["Café", "run", "ss", "-s", "and", "sysctl", "net", "netfilter", "nf", "conntrack", "max"]);
  });

  it("folds case and accents and stems", () => {
    expect(keys("Pooling CONNECTIONS café")).toEqual(["pool", "connect", "cafe"]);
  });

  it("gives 'try', 'tries', 'tried' and 'trying' one stem, and leaves 'why' alone", () => {
    expect(keys("try tries tried trying")).toEqual(["tri", "tri", "tri", "tri"]);
    expect(keys("fly flies")).toEqual(["fli", "fli"]);
    expect(keys("why")).toEqual(["why"]);
  });

  it("splits identifiers so every spelling shares the same parts", () => {
    expect(keys("nf_conntrack_max")).toEqual(["nf", "conntrack", "max"]);
    expect(keys("conntrack_max")).toEqual(["conntrack", "max"]);
    expect(keys("keep-alive")).toEqual(["keep", "aliv"]);
  });

  it("keeps command flags, negators and single letters", () => {
    expect(keys("ulimit -n")).toEqual(["ulimit", "-n"]);
    expect(keys("conntrack -S")).toEqual(["conntrack", "-s"]);
    expect(tokenize("never use x").tokens.map((t) => t.kind)).toEqual(["neg", "word", "word"]);
  });

  it.each([
    ["30s", { min: 30, max: 30, dim: "time" }],
    ["30 seconds", { min: 30, max: 30, dim: "time" }],
    ["thirty seconds", { min: 30, max: 30, dim: "time" }],
    ["half a minute", { min: 30, max: 30, dim: "time" }],
    ["5 days", { min: 432000, max: 432000, dim: "time" }],
    ["about 300 bytes", { min: 300, max: 300, dim: "bytes" }],
    ["~0.3 KB", { min: 300, max: 300, dim: "bytes" }],
    ["288-320 bytes", { min: 288, max: 320, dim: "bytes" }],
    ["75 MB", { min: 75e6, max: 75e6, dim: "bytes" }],
    ["10k", { min: 10000, max: 10000, dim: null }],
    ["10,000", { min: 10000, max: 10000, dim: null }],
    ["ten thousand", { min: 10000, max: 10000, dim: null }],
    ["2e4", { min: 20000, max: 20000, dim: null }],
    ["1.5e3-2e3", { min: 1500, max: 2000, dim: null }],
    ["10-15KB", { min: 10000, max: 15000, dim: "bytes" }],
    ["100mb-150mb", { min: 100e6, max: 150e6, dim: "bytes" }],
    ["10k-20k", { min: 10000, max: 20000, dim: null }],
    ["two dozen", { min: 24, max: 24, dim: null }],
    ["a dozen per pod", { min: 12, max: 12, dim: null }],
    ["three dozen", { min: 36, max: 36, dim: null }],
    ["5 000", { min: 5000, max: 5000, dim: null }],
    ["262\u00a0144 entries", { min: 262144, max: 262144, dim: null }],
    ["0,5-1 ms", { min: 0.0005, max: 0.001, dim: "time" }],
    ["0,3 KB", { min: 300, max: 300, dim: "bytes" }],
    ["a 30-second timeout", { min: 30, max: 30, dim: "time" }],
    ["two hundred sixty two thousand", { min: 262000, max: 262000, dim: null }],
    ["a 20-connection pool", { min: 20, max: 20, dim: null }],
    ["the 5,000-per-node worst case", { min: 5000, max: 5000, dim: null }],
    ["a 10k-entry table", { min: 10000, max: 10000, dim: null }],
    ["a 2-3-node setup", { min: 2, max: 3, dim: null }],
    ["2^18 slots", { min: 262144, max: 262144, dim: null }],
    ["10^6 flows", { min: 1e6, max: 1e6, dim: null }],
  ])("reads %s as a quantity", (text, qty) => {
    const [q] = quantities(text);
    expect(q?.min).toBeCloseTo(qty.min, 6);
    expect(q?.max).toBeCloseTo(qty.max, 6);
    expect(q?.dim).toBe(qty.dim);
  });

  it("gives a bare number the unit of the number it makes a range with", () => {
    expect(quantities("each slot costs 12 to 16 KB").map((q) => [q?.min, q?.dim])).toEqual([[12000, "bytes"], [16000, "bytes"]]);
    expect(quantities("drop it from 90 to 45 seconds").map((q) => [q?.min, q?.dim])).toEqual([[90, "time"], [45, "time"]]);
    expect(quantities("4 or 8 ms").map((q) => q?.dim)).toEqual(["time", "time"]);
    // Two numbers joined by anything else stay as written.
    expect(quantities("12 pods with 16 KB each").map((q) => q?.dim)).toEqual([null, "bytes"]);
  });

  it("reads no decimal comma in a list of numbers, and no thousands group before a word", () => {
    expect(quantities("steps 1,2,3").map((q) => q?.min)).toEqual([1, 2, 3]);
    expect(quantities("5 000ms").map((q) => q?.min)).toEqual([5, 0]);
  });

  it("keeps the words hyphened to a number, at their own offsets", () => {
    const text = "a 20-connection pool";
    const words = tokenize(text).tokens.filter((t) => t.kind === "word").map((t) => text.slice(t.start, t.end));
    expect(words).toEqual(["a", "connection", "pool"]);
    expect(quantities("IPv4-only")).toEqual([]);
  });

  it("keeps a range whose two ends carry different suffixes as two words", () => {
    expect(quantities("5ms-10s")).toEqual([]);
  });

  it("does not read ordinary words as numbers", () => {
    expect(quantities("someone said half the pods failed")).toEqual([]);
  });

  it.each([
    ["I would not use a connection pool", ["us", "connect", "pool"], []],
    ["no need to touch maxclients", ["need", "touch", "maxclient"], []],
    ["use a pool instead of opening connections", ["open", "connect"], ["pool"]],
    ["raising the limit won't help", ["rais", "limit"], []],
    ["not only conntrack but also the pool", [], ["conntrack", "pool"]],
    ["don't forget to check conntrack", [], ["check", "conntrack"]],
    ["I wouldn't scale out, but I would check conntrack", ["scale"], ["check", "conntrack"]],
    ["don't patch the spot where the problem surfaced", ["patch", "spot"], ["problem", "surfac"]],
  ])("negation in %j", (text, negated, clear) => {
    const toks = tokenize(text).tokens;
    for (const k of negated) expect(toks.find((t) => t.key === k)?.negated, k).toBe(true);
    for (const k of clear) expect(toks.find((t) => t.key === k)?.negated, k).toBe(false);
  });

  it("counts sentences and clauses", () => {
    const t = tokenize("One thing. Another, with a clause.\n- a bullet");
    expect(t.sentenceCount).toBe(4);
    expect(new Set(t.tokens.map((x) => x.clause)).size).toBe(4);
  });

  it("does not end a sentence at a quoted question the sentence goes on after", () => {
    const sentences = (text: string) => new Set(tokenize(text).tokens.map((t) => t.sentence)).size;
    expect(sentences("Asking 'would a VM do this?' is how I decide.")).toBe(1);
    expect(sentences("Asking 'would a VM do this?' Then I decide.")).toBe(2);
    expect(sentences("Would a VM do this? is my test")).toBe(2);
  });
});

describe("negation scopes", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);

  it("lets 'no' govern a short noun phrase only", () => {
    expect(negated("when there is no room the kernel drops new connections")).toEqual(["room", "the", "kernel", "drops"]);
  });

  it("stops short of the question a negated verb governs", () => {
    expect(negated("It doesn't explain why the node has so many flows.")).toEqual(["it", "explain"]);
    expect(negated("I would not use a pool here.")).toContain("pool");
  });

  it("reaches back over what does not come into it", () => {
    expect(negated("The open-files limit doesn't really come into it.")).toEqual(expect.arrayContaining(["open", "files", "limit"]));
    expect(negated("Conntrack won't come into play here.")).toContain("conntrack");
    // Coming back is no denial of what came back.
    expect(negated("The spikes didn't come back after the pool.")).not.toContain("spikes");
  });

  it("widens 'no need' to the clause", () => {
    expect(negated("no need to touch maxclients at all")).toContain("maxclients");
  });

  it("widens a negation that denies the worth of what follows to the clause", () => {
    const text = "I don't see much value in tracing every hop from the edge to the pod inward; start elsewhere.";
    expect(negated(text)).toEqual(expect.arrayContaining(["tracing", "edge", "pod", "inward"]));
    expect(negated(text)).not.toContain("start");
    // An ordinary negation still stops after six content words.
    expect(negated("I don't trace each hop from the outer edge through the node to the pod inward")).not.toContain("inward");
  });

  it("reads a verb of doubt after its subject as a negation of what follows", () => {
    expect(negated("I'd strongly disagree that the layers hide anything.")).toEqual(expect.arrayContaining(["layers", "hide"]));
    expect(negated("There is no doubt the layers hide things.")).not.toContain("layers");
  });

  it("reads 'was never going to stick' as a verdict on what came before it", () => {
    expect(negated("Growing the table was never going to stick.")).toEqual(expect.arrayContaining(["growing", "table"]));
  });

  it("takes back what was tried when it made no difference", () => {
    const text = "As for tracing hop by hop, we tried that on the last outage and it made no difference.";
    expect(negated(text)).toEqual(expect.arrayContaining(["tracing", "hop", "tried"]));
    expect(negated("Pooling made a big difference.")).toEqual([]);
  });

  it("reads wariness as a negation of its clause", () => {
    expect(negated("Honestly I am wary of long-lived pools here.")).toContain("pools");
  });

  it("records which cue governs a token", () => {
    const t = tokenize("I would never reuse connections").tokens;
    const cue = t.findIndex((x) => x.text === "never");
    expect(t.find((x) => x.text === "reuse")?.negatedBy).toBe(cue);
  });

  it("treats arrows and inequality as clause breaks", () => {
    const t = tokenize("symptom ≠ cause <- churn");
    expect(new Set(t.tokens.map((x) => x.clause)).size).toBe(3);
    expect(t.arrows).toBe(2);
  });
});

describe("retractions and contrast", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);

  it("takes back a sentence the next one retracts", () => {
    expect(negated("First instinct: add replicas. No: every pod on the node would spike too.")).toEqual(["first", "instinct", "add", "replicas"]);
    expect(negated("Raise the limit again. Hmm, no, that only delays it.")).toEqual(["raise", "the", "limit", "again"]);
  });

  it("does not read a leading 'no' that starts a noun phrase as a retraction", () => {
    expect(negated("Pools help. No pool means a handshake per command.")).toEqual(["pool", "means", "a", "handshake"]);
  });

  it("reaches back only after a verb: 'X is not the cause' but not 'X, not the cause'", () => {
    expect(negated("conntrack is not the cause")).toContain("conntrack");
    expect(negated("conntrack filling up is the symptom not the cause")).not.toContain("symptom");
  });

  it("negates 'wouldn't just' but not 'not just'", () => {
    expect(negated("I wouldn't just restart it")).toContain("restart");
    expect(negated("not just the pool but the proxy")).toEqual([]);
  });

  it("reads 'wouldn't only X' followed by an 'also' as adding to X, not turning it down", () => {
    expect(negated("I wouldn't only check the cron jobs. I'd also ping the pod.")).toEqual([]);
    expect(negated("I wouldn't only check the cron jobs, I'd also ping the pod")).toEqual([]);
    // Without the "also", or with it two sentences later, the check is turned down.
    expect(negated("I wouldn't only check the cron jobs. I'd ping the pod.")).toContain("cron");
    expect(negated("I wouldn't only check the cron jobs. I'd ping the pod. I'd also read dmesg.")).toContain("cron");
  });

  it("reads 'one of' as a pronoun, not a quantity", () => {
    expect(quantities("one of the two sockets").map((q) => q?.min)).toEqual([2]);
    expect(quantities("one connection").map((q) => q?.min)).toEqual([1]);
  });

  it("does not end a sentence at a question inside brackets", () => {
    const tokens = tokenize("Short flows (maybe DNS?) expire together. Then it calms down.").tokens;
    const sentenceOf = (w: string) => tokens.find((t) => t.text === w)?.sentence;
    expect(sentenceOf("together")).toBe(sentenceOf("flows"));
    expect(sentenceOf("calms")).not.toBe(sentenceOf("flows"));
  });

  it("does not end a sentence at a full stop inside a command or path", () => {
    const tokens = tokenize("Log date +%T.%N before each curl, and ping alongside. Then compare.").tokens;
    const sentenceOf = (w: string) => tokens.find((t) => t.text === w)?.sentence;
    expect(sentenceOf("curl")).toBe(sentenceOf("log"));
    expect(sentenceOf("ping")).toBe(sentenceOf("log"));
    expect(sentenceOf("compare")).not.toBe(sentenceOf("log"));
  });

  it("splits 50x100 into two numbers", () => {
    const nums = tokenize("50x100").tokens.filter((t) => t.kind === "num");
    expect(nums.map((t) => [t.qty?.min, t.start, t.end])).toEqual([[50, 0, 2], [100, 3, 6]]);
  });
});

describe("negation reaching back", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);

  it("takes back what comes before 'scratch that' in its sentence, a spaced hyphen being a dash", () => {
    expect(negated("Bump the conntrack max again - no, scratch that, pool instead.")).toEqual(
      expect.arrayContaining(["bump", "conntrack", "max", "again"]),
    );
    expect(negated("Bump the conntrack max again - no, scratch that, pool instead.")).not.toContain("pool");
    const dash = tokenize("ping the pod - it answers").tokens;
    expect(dash.find((t) => t.text === "it")?.clause).not.toBe(dash.find((t) => t.text === "pod")?.clause);
    const joined = tokenize("keep-alive connections").tokens;
    expect(joined.map((t) => t.clause)).toEqual([joined[0]?.clause, joined[0]?.clause, joined[0]?.clause]);
  });

  it("takes back an opinion the answer reports and then turns against", () => {
    const text = "Folks often suggest rebooting the node, but frankly I don't think that is where the fault lives.";
    expect(negated(text)).toEqual(expect.arrayContaining(["rebooting", "node"]));
    // Without a negation in the contrasting clause, the reported opinion stands.
    expect(negated("Folks often suggest rebooting the node, but only after draining it.")).not.toContain("rebooting");
    expect(negated("People say a bigger table fixes it, but in practice it fills again.")).toEqual(expect.arrayContaining(["bigger", "table"]));
    expect(negated("Some suggest walking every hop from outside, but I think that is pointless here.")).toEqual(expect.arrayContaining(["walking", "hop"]));
    expect(negated("Someone might jump to the UDP timeout, but I'd leave that out for now.")).toEqual(expect.arrayContaining(["udp", "timeout"]));
    expect(negated("A teammate of mine always brings up the UDP timeout, but I wouldn't spend time on it.")).toEqual(expect.arrayContaining(["udp", "timeout"]));
    // Someone else's words are only taken back when someone else says them.
    expect(negated("I suggest rebooting the node, but I never do it blindly.")).not.toContain("rebooting");
  });

  it("follows a pronoun back to the clause it stands for", () => {
    expect(negated("Restarting the node would empty the table, but it isn't a fix.")).toEqual(
      expect.arrayContaining(["restarting", "node", "empty", "table"]),
    );
  });

  it("reads a bare 'No:' after a question as its answer, and 'Actually, no' as taking it back", () => {
    expect(negated("Would it happen on a plain VM? No: look at the platform.")).toEqual([]);
    expect(negated("Always check the app first? Actually, no, that is hindsight.")).toEqual(expect.arrayContaining(["always", "check", "app"]));
  });

  it("reads not wasting time on something as turning down all of it", () => {
    expect(negated("I wouldn't waste time comparing ping with curl or lining up cron jobs and probes.")).toEqual(expect.arrayContaining(["cron", "probes"]));
    expect(negated("I wouldn't compare ping with curl or line up cron jobs and probes and timers.")).not.toContain("timers");
  });

  it("reads an opening 'Forget X' as setting X aside, and 'doesn't matter' as a denial", () => {
    expect(negated("Forget GC or probes, it's the tracking table.")).toEqual(expect.arrayContaining(["gc", "probes"]));
    expect(negated("Don't forget GC or probes.")).not.toContain("gc");
    expect(negated("The fd limit doesn't matter here.")).toEqual(expect.arrayContaining(["fd", "limit"]));
    expect(negated("No matter the fd limit, raise maxclients.")).not.toContain("maxclients");
  });

  it("reads 'so I'd rule that out' as taking back its sentence, but not ruling out as a check's purpose", () => {
    expect(negated("Thirty seconds is too tight for cron, so I'd rule that out.")).toEqual(expect.arrayContaining(["cron"]));
    expect(negated("Read the GC log to rule it out.")).not.toContain("gc");
  });

  it("does not read 'not set in stone' as denying what it describes", () => {
    expect(negated("The client cap isn't fixed in stone; raise it.")).not.toContain("cap");
    expect(negated("The client cap isn't fixed by a reboot.")).toContain("cap");
  });

  it("does not read a negation inside a condition as a refusal", () => {
    expect(negated("If the drop counter doesn't rise with each stall, the tracking theory is dead.")).not.toContain("stall");
    expect(negated("Whether or not the pool helps, measure it.")).not.toContain("pool");
    expect(negated("The drop counter doesn't rise with each stall.")).toContain("stall");
  });

  it("reads 'X or not:' as the other half of a question, not a refusal of the list after it", () => {
    expect(negated("Is it the service or not: time the requests and ping the pod together.")).not.toContain("ping");
    expect(negated("What I would not do: ping the pod and time the requests.")).toContain("ping");
  });

  it("reads 'isn't fixed at' a number as a limit that can move", () => {
    expect(negated("The client cap isn't fixed at 10,000: raise it.")).not.toContain("cap");
    expect(negated("The client cap isn't fixed at all by a reboot.")).toContain("cap");
  });

  it("does not negate what the answer only cannot remember", () => {
    expect(negated("I don't remember the maxclients default, but ulimit -n must be above it.")).not.toContain("maxclients");
  });

  it("does not read 'No ->' as taking back the sentence before", () => {
    expect(negated("Would it happen on a VM? No -> platform.")).toEqual([]);
  });

  it("treats 'isn't an option' as a rejection", () => {
    expect(negated("Disabling conntrack isn't an option.")).toContain("disabling");
  });
});

describe("rejected actions", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
  it("negates what 'stop' or 'avoid' is followed by when it is an action", () => {
    expect(negated("Stop opening a connection per command.")).toEqual(["opening", "a", "connection", "per", "command"]);
    expect(negated("Avoid raising the limit again.")).toEqual(["raising", "the", "limit", "again"]);
    expect(negated("This should stop the spikes.")).toEqual([]);
  });
});

describe("taking back inside a sentence", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
  it("takes back what comes before 'actually no' in the same sentence", () => {
    expect(negated("Reboot the node - actually no, that only empties it.")).toEqual(expect.arrayContaining(["reboot", "the", "node", "actually"]));
    expect(negated("Reboot the node - actually no, that only empties it.")).not.toContain("empties");
  });

  it("takes back what an answer reports and then disagrees with, not what it disagrees about", () => {
    expect(negated("People say symptoms show up elsewhere, but I don't really agree.")).toEqual(expect.arrayContaining(["symptoms", "show", "elsewhere"]));
    expect(negated("Pooling helps. I don't agree with raising the limit.")).not.toContain("pooling");
  });

  it("takes back a reported opinion that the next sentence disagrees with on its own", () => {
    expect(negated("Colleagues like to say the platform hides whole layers. I don't buy it.")).toEqual(expect.arrayContaining(["platform", "hides", "layers"]));
    // A statement of the answer's own is not a reported opinion.
    expect(negated("The platform hides whole layers. I don't buy it.")).not.toContain("layers");
    // The verdict opens its sentence: a disagreement later in a long sentence is about what it follows.
    expect(negated("Colleagues say the platform hides layers. Later on we found that the team did not agree.")).not.toContain("layers");
  });

  it("reads a reported opinion in the past tense, and holding off as putting it aside", () => {
    expect(negated("A teammate floated more replicas, but I'd rather not.")).toEqual(expect.arrayContaining(["replicas"]));
    expect(negated("Someone on the team suggested more replicas, but I'd hold off.")).toEqual(expect.arrayContaining(["replicas"]));
  });

  it("ends a negated relative clause where the sentence's own verb starts", () => {
    expect(negated("Flows that can't get a slot are dropped.")).not.toContain("dropped");
    expect(negated("The lesson isn't that networking is hard.")).toContain("hard");
  });

  it("reads asking as reporting an opinion", () => {
    expect(negated("Some folks keep asking what a plain VM would do, but I don't find that useful.")).toEqual(expect.arrayContaining(["plain", "vm"]));
  });
});

describe("negation meeting a new subject", () => {
  const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
  it("stops at 'and' followed by a new subject, and reaches on over a list", () => {
    expect(negated("new flows can't get an entry and their packets are dropped")).toEqual(["get", "an", "entry"]);
    expect(negated("I would not raise the limit and the timeouts")).toContain("timeouts");
    expect(negated("new connections can't get an entry and are dropped")).not.toContain("dropped");
  });

  it("stops at 'and' followed by a verb with its object, not at a plural noun", () => {
    expect(negated("The kernel can't track new flows and discards them.")).not.toContain("discards");
    expect(negated("I wouldn't add pods and nodes to the cluster.")).toContain("nodes");
  });
});

describe("dismissed fixes", () => {
  const dismissed = (text: string) => tokenize(text).tokens.filter((t) => t.dismissed).map((t) => t.text);
  it("marks the clause of a stopgap word, and the one before a pronoun that points back", () => {
    expect(dismissed("Rebooting the node is a band-aid. Pooling is the fix.")).toEqual(["rebooting", "the", "node", "is", "a", "band", "aid"]);
    expect(dismissed("Raise the limit, but that only buys time")).toEqual(["raise", "the", "limit", "but", "that", "only", "buys", "time"]);
    expect(dismissed("Add replicas to hide the spikes")).toEqual([]);
    expect(dismissed("Growing the table again buys us a few hours at most.")).toContain("table");
    expect(dismissed("Growing the table bought us a day, no more.")).toContain("table");
    expect(dismissed("Bouncing the host empties the table and changes nothing.")).toContain("bouncing");
    expect(dismissed("Growing the table was a painkiller.")).toContain("table");
    expect(dismissed("Growing the table is treating the fever.")).toContain("table");
    expect(dismissed("A bigger table is just moving the wall.")).toContain("table");
    expect(dismissed("Enlarging the table just moves the date it fills.")).toContain("enlarging");
    expect(dismissed("A bigger max pushes the date out by a week.")).toContain("max");
    expect(dismissed("Bigger tables are just chasing it.")).toContain("tables");
    expect(dismissed("I'd chase down who opens the connections.")).toEqual([]);
    // A fix that "would have missed" the cause is turned down; a plain "missed" reports what happened.
    expect(dismissed("Going straight to the code would have missed the kernel clue.")).toContain("code");
    expect(dismissed("We missed the kernel clue at first and went to the code.")).toEqual([]);
  });

  it("marks what a negated verdict says is no plan, or not on the table", () => {
    expect(dismissed("'Blame the code' isn't a plan here.")).toEqual(expect.arrayContaining(["blame", "code"]));
    expect(dismissed("Adding replicas is not on the table, since the node is the bottleneck.")).toEqual(expect.arrayContaining(["adding", "replicas"]));
    expect(dismissed("More replicas aren't on my list.")).toEqual(expect.arrayContaining(["replicas"]));
    // A verdict with no subject of its own, or a negation that is no verdict, marks nothing.
    expect(dismissed("Not a plan I like.")).toEqual([]);
    expect(dismissed("Pooling does not open a connection per call.")).toEqual([]);
  });

  it("marks a past counterfactual: what it says was not done", () => {
    expect(dismissed("Had we blamed the code first, we would have lost a day.")).toEqual(expect.arrayContaining(["blamed", "code", "first"]));
    expect(dismissed("We had blamed the code first.")).toEqual([]);
    expect(dismissed("Buy a bigger node with more memory.")).toEqual([]);
    expect(dismissed("Add replicas? That would only hide it.")).toEqual(["add", "replicas", "that", "would", "only", "hide", "it"]);
  });

  it("marks what a verdict calls wrong, whatever its subject", () => {
    expect(dismissed("Growing the table again is the wrong direction. Pool instead.")).toEqual(expect.arrayContaining(["growing", "table", "again"]));
    expect(dismissed("Rebooting would be the wrong fix.")).toEqual(expect.arrayContaining(["rebooting"]));
    // A verdict may also come first and call what follows it wrong.
    expect(dismissed("The wrong lesson is 'blame the code first'; trace the path instead.")).toEqual(["blame", "the", "code", "first"]);
    expect(dismissed("The wrong lesson would be 'add more dashboards'; we had the graphs.")).toEqual(["add", "more", "dashboards"]);
    expect(dismissed("The wrong fix: grow the table again. Pool the connections.")).toEqual(["grow", "the", "table", "again"]);
    expect(dismissed("The wrong layer is rarely the cause.")).toEqual([]);
    // "wrong" that names no verdict on what comes before it dismisses nothing.
    expect(dismissed("Growing the table fixes what went wrong.")).toEqual([]);
    expect(dismissed("Always check the app first; the wrong layer is rarely the app.")).toEqual([]);
  });

  it("negates, as well as dismisses, a list after a refusal that names nothing itself", () => {
    const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
    expect(negated("Things I'd skip: the ping comparison and the socket summary.")).toEqual(expect.arrayContaining(["ping", "comparison", "socket", "summary"]));
    expect(negated("### What I'd skip\nThe socket summary.")).toEqual(expect.arrayContaining(["socket", "summary"]));
    // "so not that" turns down what came before; a short line ending in it is no heading over the next.
    expect(negated("Established is longer, so not that\n- then watch the counters climb with each spike")).not.toContain("counters");
    // A refusal with its own object is followed by what to do instead.
    expect(negated("I'd not begin with the code: trace the path from the edge first.")).not.toContain("trace");
    expect(dismissed("I'd not begin with the code: trace the path from the edge first.")).toEqual(["trace", "the", "path", "from", "the", "edge", "first"]);
  });

  it("turns down an option posed as a short question when the next sentence opens by rejecting it", () => {
    const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
    expect(dismissed("Bouncing the host? That would only reset the clock.")).toEqual(expect.arrayContaining(["bouncing", "host"]));
    expect(negated("A sidecar that multiplexes? I'd rather not, it is one more hop.")).toEqual(expect.arrayContaining(["sidecar", "multiplexes"]));
    expect(negated("Bouncing the host? Sure, if we like repeating the outage.")).toContain("bouncing");
    // Agreeing, or asking about a fact, is no rejection.
    expect(negated("A sidecar that multiplexes? No question, that is the plan.")).not.toContain("sidecar");
    expect(negated("Would it happen on a plain VM? Not at all, so the cluster is to blame.")).not.toContain("vm");
    // "no = ..." maps an answer to a verdict.
    expect(negated("Same on a plain VM? no = the cluster stack, yes = the app.")).not.toContain("vm");
    expect(negated("Same on a plain VM? No, forget it.")).toContain("vm");
    // A condition that opens the answer is no rejection either.
    expect(negated("Same stalls on a plain VM? If not, the cluster is to blame.")).not.toContain("vm");
    // A modal before "we" or "you" asks whether to do something.
    expect(negated("Should we add replicas? Not really.")).toEqual(expect.arrayContaining(["add", "replicas"]));
  });

  it("reads a verdict of 'no' after a colon as taking back what the colon follows", () => {
    const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
    expect(negated("More cache shards: no, the churn stays the same. Pooling: yes.")).toEqual(expect.arrayContaining(["more", "cache", "shards"]));
    expect(negated("More cache shards: no, the churn stays the same. Pooling: yes.")).not.toContain("pooling");
    expect(negated("The concern doesn't hold up.")).toContain("concern");
  });

  it("follows rejections that point back without naming the fix", () => {
    expect(dismissed("Grow the table once more. I'd advise against counting on that.")).toEqual(expect.arrayContaining(["grow", "table"]));
    expect(dismissed("Some suggest bouncing the host; I'd steer away from that.")).toEqual(expect.arrayContaining(["bouncing", "host"]));
    expect(dismissed("The reflex is to bounce the host, and I'd push back: it clears nothing for long.")).toEqual(expect.arrayContaining(["bounce", "host"]));
    expect(dismissed("Adding replicas is tempting, but I wouldn't settle on it.")).toEqual(expect.arrayContaining(["adding", "replicas"]));
    expect(dismissed("Grow the table again; that's only a band-aid.")).toEqual(expect.arrayContaining(["grow", "table"]));
    expect(dismissed("Grow the table again; I'd argue that is a band-aid.")).toEqual(expect.arrayContaining(["grow", "table"]));
    expect(dismissed("Grow the table again; I'd argue pooling is the fix.")).toEqual([]);
  });

  it("marks what a negation points back to, and the list a refusal introduces", () => {
    expect(dismissed("Rebooting clears the table, but it fills again, so I'd not do that.")).toEqual(["rebooting", "clears", "the", "table", "but", "it", "fills", "again", "so", "i'd"]);
    expect(dismissed("Two things I wouldn't do: switch to UDP, or add nodes. Pool instead.")).toEqual(["switch", "to", "udp", "or", "add", "nodes"]);
    expect(dismissed("### What I wouldn't do\nScale out first.\nPool instead.")).toEqual(["scale", "out", "first"]);
    expect(dismissed("We don't know that it is GC.")).toEqual([]);
  });

  it("marks what a rejecting verb points back to, and a holding pattern", () => {
    expect(dismissed("Some would add replicas, and I'd push back on that: the node is the problem.")).toEqual(["some", "would", "add", "replicas", "and", "i'd"]);
    expect(dismissed("Scale out? I'd argue against it.")).toEqual(["scale", "out", "i'd"]);
    expect(dismissed("I'd push back on the deadline and add replicas.")).not.toContain("replicas");
    // A rejected object may follow the verb, as far as an "and" or the clause end.
    expect(dismissed("I'd push back gently on the urge to add replicas, and pool instead.")).toEqual(["the", "urge", "to", "add", "replicas"]);
    expect(dismissed("Keep the bigger table as a holding pattern until the pool ships.")).toContain("table");
  });

  it("marks what a negated bet points back to, and a sentence that concludes 'so no'", () => {
    expect(dismissed("Could be GC, but I wouldn't bet on it.")).toEqual(["could", "be", "gc", "but", "i"]);
    expect(dismissed("Might be GC, but I wouldn't assume it.")).toEqual(["might", "be", "gc", "but", "i"]);
  });

  it("marks a fix the next sentence calls no fix through a pronoun", () => {
    expect(dismissed("Grow the tracking table once more. I don't think that's the answer.")).toEqual(expect.arrayContaining(["grow", "table"]));
    expect(dismissed("Grow the tracking table once more. That is not the fix.")).toEqual(expect.arrayContaining(["grow", "table"]));
    // The verdict names its own subject: only that is denied.
    expect(dismissed("Grow the tracking table once more. Pooling is not the fix either.")).toEqual(["pooling", "is"]);
    expect(dismissed("Rebooting would clear it, but it would fill again, so no.")).toEqual(["rebooting", "would", "clear", "it", "but", "it", "would", "fill", "again", "so"]);
    expect(dismissed("Is the answer to reboot? So no reboot then.")).toEqual([]);
    expect(dismissed("Raising the limit is a bandage.")).toEqual(["raising", "the", "limit", "is", "a", "bandage"]);
  });

  it("marks what a bare refusal at the end of its clause points back to", () => {
    expect(dismissed("Some say switch conntrack off; I wouldn't, because NAT needs it.")).toEqual(["some", "say", "switch", "conntrack", "off", "i"]);
    expect(dismissed("Add replicas? I won't.")).toEqual(["add", "replicas", "i"]);
    expect(dismissed("If ping spikes and curl doesn't, it's the network.")).toEqual([]);
  });

  it("marks a first thought the answer turns from", () => {
    expect(dismissed("My first instinct was to add replicas, but the node is the problem.")).toEqual(["my", "first", "instinct", "was", "to", "add", "replicas"]);
    expect(dismissed("I first wanted to say add replicas. But that's hindsight.")).toEqual(["i", "first", "wanted", "to", "say", "add", "replicas"]);
    expect(dismissed("I was tempted to add replicas, and I would.")).toEqual([]);
    expect(dismissed("First, add replicas, but watch the node.")).toEqual([]);
    expect(dismissed("I was going to say add replicas, but that is backwards.")).toEqual(["i", "was", "going", "to", "say", "add", "replicas"]);
    expect(dismissed("I was going to add replicas, but the node says otherwise.")).toEqual([]);
  });

  it("marks the clause before a stopgap clause that opens with a contrast, and stopping the bleeding", () => {
    expect(dismissed("Keep the bigger table for now, but only as a stopgap. Pool instead.")).toEqual(["keep", "the", "bigger", "table", "for", "now", "but", "only", "as", "a", "stopgap"]);
    expect(dismissed("Shorter timeouts were fine for stopping the bleeding, but pooling fixes it.")).toEqual(["shorter", "timeouts", "were", "fine", "for", "stopping", "the", "bleeding"]);
  });

  it("marks a fix said to have treated the symptom", () => {
    expect(dismissed("Growing the tracking table treated the symptom.")).toEqual(expect.arrayContaining(["growing", "table"]));
    expect(dismissed("Growing the tracking table treated the effect.")).toEqual(expect.arrayContaining(["growing", "table"]));
    expect(dismissed("Growing the tracking table treated nothing.")).toEqual([]);
  });

  it("marks a fix that the answer says leaves the table to fill again", () => {
    expect(dismissed("Keep doubling the max and it'll fill again.")).toEqual(expect.arrayContaining(["doubling", "max"]));
    expect(dismissed("Keep doubling the max while the table fills up.")).toEqual([]);
    expect(dismissed("The table fills. Again, read the counters first.")).toEqual([]);
  });

  it("marks a fix the answer would not start with, or doubts changes anything", () => {
    expect(dismissed("Growing the table fills it later, so I wouldn't start there.")).toEqual(expect.arrayContaining(["growing", "table"]));
    expect(dismissed("Adding pods may help a little, though I doubt it changes anything.")).toEqual(expect.arrayContaining(["adding", "pods"]));
    expect(dismissed("I doubt the node needs a reboot.")).not.toContain("reboot");
  });

  it("marks a fix that would break something, or that only clears the table", () => {
    expect(dismissed("Turning tracking off would break Service NAT.")).toEqual(expect.arrayContaining(["turning", "tracking", "off"]));
    expect(dismissed("You could reboot the host, but it only clears the table.")).toEqual(expect.arrayContaining(["reboot", "host"]));
    expect(dismissed("Just clear the table and reboot the host.")).toEqual([]);
    expect(dismissed("The table breaks under load.")).toEqual([]);
  });

  it("marks a fix judged by a verdict that is a short sentence of its own", () => {
    expect(dismissed("Pool the connections. Keep the bigger table too. Belt and braces.")).toEqual(expect.arrayContaining(["keep", "bigger", "table"]));
    expect(dismissed("Pool the connections, and keep the bigger table as belt and suspenders.")).toEqual(expect.arrayContaining(["bigger", "table"]));
    expect(dismissed("Pool the connections. I'd keep the bigger table. Then watch the count.")).toEqual([]);
  });

  it("marks a fix that kicks the can, and one the answer would not do more of", () => {
    expect(dismissed("Growing the table is kicking the can down the road.")).toEqual(expect.arrayContaining(["growing", "table"]));
    expect(dismissed("Growing the table works, but I wouldn't do more of that.")).toEqual(expect.arrayContaining(["growing", "table"]));
    expect(dismissed("Growing the table works; I wouldn't do more than pool too.")).not.toContain("growing");
  });

  it("marks a step added to a fix already given as a side step, not as turned down", () => {
    const aside = (text: string) => tokenize(text).tokens.filter((t) => t.aside).map((t) => t.text);
    expect(aside("Pool the connections, and I'd also add a replica.")).toEqual(expect.arrayContaining(["add", "replica"]));
    expect(dismissed("Pool the connections, and I'd also add a replica.")).toEqual([]);
    expect(aside("Add a replica and pool the connections.")).toEqual([]);
    // A step the answer says is already done is kept, not recommended.
    expect(aside("Pool the connections. On the nodes, keep the bigger table we already set.")).toEqual(expect.arrayContaining(["bigger", "table"]));
    // Opening its sentence, an additive word adds the whole sentence, brackets and all.
    expect(aside("Pool the connections. Separately, keep tuning conntrack (a bigger max, shorter timeouts), since that's its own problem.")).toEqual(
      expect.arrayContaining(["tuning", "bigger", "shorter", "timeouts"]),
    );
  });

  it("reads 'not a hundred percent sure' as a hedge, not a negation", () => {
    const negated = (text: string) => tokenize(text).tokens.filter((t) => t.negated).map((t) => t.text);
    expect(negated("I'm not a hundred percent sure each connection costs 12 KB")).toEqual([]);
    expect(negated("I'm not 100% sure each connection costs 12 KB")).toEqual([]);
    expect(negated("I'd not allow 100 connections per pod")).toContain("connections");
  });

  it("marks a fix called beside the point after a short verdict", () => {
    expect(dismissed("The team wanted more dashboards. Fine, but it misses the point.")).toEqual(expect.arrayContaining(["more", "dashboards"]));
    expect(dismissed("The team wanted more dashboards. Fine, and they help.")).toEqual([]);
  });

  it("marks a fix that held only for a while, or after which the trouble came back, and what tempts", () => {
    expect(dismissed("We rebooted the host and it held for a few days.")).toEqual(expect.arrayContaining(["rebooted", "host"]));
    expect(dismissed("We grew the table, which worked for a bit.")).toEqual(expect.arrayContaining(["grew", "table"]));
    expect(dismissed("We rebooted the host, and then the spikes came back.")).toEqual(expect.arrayContaining(["rebooted", "host"]));
    expect(dismissed("The pool worked for every request we sent.")).toEqual([]);
    expect(dismissed("The temptation is to add replicas.")).toEqual(expect.arrayContaining(["add", "replicas"]));
  });

  it("marks a fix the answer rules out", () => {
    expect(dismissed("First I'd rule out adding replicas.")).toContain("replicas");
    expect(dismissed("Disabling conntrack is a non-starter.")).toContain("disabling");
    expect(dismissed("We doubled the max twice, and the table still filled. Pool instead.")).toEqual(["we", "doubled", "the", "max", "twice", "and", "the", "table"]);
    expect(dismissed("We doubled the max, but we still saw spikes.")).toEqual(expect.arrayContaining(["doubled", "max"]));
    expect(dismissed("We doubled the max, but we still saw the logs.")).toEqual([]);
  });

  it("marks a sentence that holds the line for now, and what 'only' moves or delays", () => {
    expect(dismissed("Pool the connections. Until that ships, trim the timeouts. Then watch.")).toEqual(["until", "that", "ships", "trim", "the", "timeouts"]);
    expect(dismissed("Bigger tables only move the cliff.")).toEqual(["bigger", "tables", "only", "move", "the", "cliff"]);
    expect(dismissed("Just move the pods to bigger nodes.")).toEqual([]);
    expect(dismissed("Wait until the table fills.")).toEqual([]);
    // A short opening clause that calls the rest a stopgap covers its sentence.
    expect(dismissed("Short term, keep the raised limit. Pool the connections.")).toEqual(["short", "term", "keep", "the", "raised", "limit"]);
  });
});
