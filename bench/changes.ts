// What was changed for the figures of docs/benchmarks.md, and what each change bought: kept beside the
// report so that every run of `npm run bench` writes it again below its own figures. The before/after
// figures here were measured side by side in one run each (A/B bundles, alternating rounds), as noted.
export const CHANGES = `## What each change bought (issue 15)

Before the changes (\`BENCH_SECONDS=3 npm run bench\` at the bench's first commit, a497d73), in workerd: a 400-event stream
as OpenAI chunks 27.8 ms of CPU in a burst and 41.9 ms paced 1 ms apart, against 1.2 and 8.4 ms for the bare forwarding
Worker; the native stream 21.7 and 39.4 ms; a native request 0.273 ms against 0.146 ms. Node: 0.437 ms per native request
against 0.065 ms for the bare pipe, RSS at rest 92 MiB.

1. **Coalesced reads in the translated streams** (\`src/gemini/gemini-event-stream.ts\`): a pull converts every upstream
   piece whose read resolves without waiting and writes them as one chunk; a read that would wait is carried to the next
   pull. On Node a 400-event OpenAI stream in a burst: 9.3 → 7.5 ms of CPU (−19%; two bundles side by side, 4 alternating
   rounds). In workerd: no change beyond the noise (27.8 → 26.5 ms in a burst). There, a read of a fetch body never
   resolves without waiting: each piece Gemini sends is its own I/O event, and workerd's reader hands over one piece per
   read, so there is nothing that has already arrived to take. Counted with a probe in the pump, per 400-event OpenAI
   stream: workerd 765–800 reads that waited and 0 taken without waiting, burst or paced; Node in a burst 8 reads that
   waited and 393 taken at once (8 writes instead of some 400), paced 388 and 13.
2. **The blank-answer check of a stream reads one branch of a tee** (\`src/gemini/empty-answer.ts\`) and the client gets
   the other, which the runtime passes on by itself, instead of a stream that JS pulled piece by piece. workerd, native
   stream: 22.3 → 2.8 ms in a burst, 50 → 10 ms paced (bare Worker 1.4 and 6.8 ms in that run; with
   \`EMPTY_ANSWER_RETRIES=0\`, i.e. no check at all, 2.0 and 8.0 ms). Tried first and dropped: writing what was read into a
   \`TransformStream\` and piping the rest into it (33 and 68 ms: worse). On Node the JS tee costs a hand-off of its own:
   native stream 4.1 → 4.9 ms (+20%).
3. **\`npm start\` runs a bundle** (\`scripts/start-node.mjs\`: built by esbuild in a child process at the first start and
   whenever a source is newer, kept in \`node_modules/.cache\`): RSS at rest 100 → 58 MB measured by hand, 92 → 56 MiB in
   the bench. CPU per request unchanged.
4. **The blank-answer check of a whole answer keeps its bytes** (\`src/gemini/empty-answer.ts\`) instead of decoding them to
   a string and encoding it again for the client: workerd native request 2.1–2.7× → 1.8–2.0× the bare Worker (two quick
   runs each, same machine).
5. **Log lines gathered into one write per turn** on Node (\`src/node/gathered-log.ts\`): 0.400 → 0.383 ms per native
   request, mean of 4 alternating rounds — within the noise of this machine.
6. **The bench's servers log to a file**: through a pipe the bench drained late, the Node server blocked on its log writes
   (380 req/s at p50 70 ms, 1.17 ms of CPU per request); that measured the bench, not the proxy.

7. **Floors in the bench** (\`bench/floor-worker.js\`; measured, not changed): beside each runtime's proxy, a few lines that
   do only the least of its work — *checked* and *converted*, see above — so that each goal's ratio can be read against
   what that work costs in the runtime. Profiles of the proxy's JavaScript in workerd and Deno through their inspectors:
   \`bench/profile.ts\`; side-by-side builds in alternating rounds: \`bench/compare.ts\` (the figures below are its medians).
8. **The Messages stream is one stream** (\`src/faces/anthropic/convert-messages-stream.ts\`): the shared pump writes
   \`message_start\` and the pings itself, with one timer per stream (\`IdleSignal\`), instead of a second JS stream around
   the converted one with a timer per pull. workerd, 400 events in a burst: 40.8 → 29.8 ms of CPU; 1 ms apart: 53.4 →
   49.8 ms (3 rounds).
9. **Whole answers passed on as bytes** (\`src/http/whole-body.ts\`): the blank-answer check's copy of a whole answer keeps
   its bytes, and the answer leaves with them instead of a stream over them (on Node, Hono's adapter then writes them in
   one call). Node, native request: 0.266 → 0.218 ms of CPU (5 rounds).
10. **No error made when a request ends** (\`src/keys/failover.ts\`): Deno aborts every request's signal when it ends, and
    the failover's listener made a \`ClientGoneError\` each time (a stack trace: 4.2% of the busy time in Deno's profile);
    it passes the client's own reason on now. Deno, native request: 0.244 → 0.209 ms (5 rounds, with 9).
11. **The check's reader handed to the converter** (\`takeHeldReader\`, \`src/gemini/empty-answer.ts\`): a translated stream
    is checked on the stream itself, and the pump goes on with the pieces read and the same reader, instead of a tee whose
    other branch it read. Node, 400 events in a burst: OpenAI 6.7 → 4.9 ms, Responses 10.4 → 8.2 ms (5 rounds); workerd
    (25.9 → 23.7 ms in a burst, 42.1 → 41.1 ms paced) and Deno (29.4 → 30.0 ms paced): within the noise.

12. **Each Gemini event read whole on workerd and Deno** (\`src/gemini/event-piece-reader.ts\`): their HTTP clients hand
    over the bytes left after each chunk's header (28 here) on their own, so that every event took two reads; a read that
    begins between two events now asks for at least 64 bytes (no Gemini event is shorter) through a BYOB reader's \`min\`.
    Counted with a probe Worker: 400 reads for 400 events instead of 783. OpenAI stream 1 ms apart: Deno 30.9 → 21.8 ms,
    workerd 41.6 → 37.9 ms; in a burst, workerd 26.1 → 21.9 ms (5 rounds). The entries of runtimes whose fetch bodies
    honour \`min\` to their end set \`readsWholeEvents\` (a byte stream whose source does not answer a waiting read when
    it closes would hang such a read; no platform fetch body was found to).

13. **A tee only where the runtime tees natively** (\`teesNatively\`, set by the Workers entry): elsewhere the blank-answer
    check of a native stream reads the stream itself and the answer goes on as a stream that gives the pieces read and
    then reads on (with whole events on Deno). Native stream, Deno: 15.9 → 7.6 ms in a burst, 25.5 → 17.6 ms paced
    (3 rounds); Node, in a burst: 4.8 → 4.0 ms (5 rounds).

Tried this round and dropped: request lines gathered per turn on Deno as on Node (0.268 vs 0.269 ms: console.log is not
what a Deno request costs); a native stream on Deno replayed through a JS stream after the check instead of a tee (burst
14.1 → 15.3 ms: worse, any JS in the body path costs Deno the same); a first allocation of 1 MiB instead of 8 MiB for a
large body (1.89× either way); an abort signal on the checked floor's fetch, to see whether the signal is what the native
stream's gap to its floor is (2.57 vs 2.61 ms: it is not); a shared TextDecoder (in workerd a new one costs about 1 µs).

## Why the goals not met are not met

Each goal's *Floor* column above is the ratio the least of the work reaches on its own, in the same run.

- **Translated streams in workerd and Deno (goal 2× paced, 3× in a burst).** The converted floor — the stream read in JS
  and handed on through a JS stream, converting nothing — is itself at 5–6× paced and 10–14× in a burst, and the proxy
  sits within some 10–40% of it: the conversion is not what counts, the hand-off of every piece between the runtime and
  JS is. In workerd each piece read is an entry into the isolate, and each Gemini event arrives as two reads: the HTTP
  client hands over the 28 bytes left after each chunk's header first, then the rest (a probe Worker counted 783 reads
  for 400 events, in a burst or paced; change 12 makes it one). Tried before and not kept: an \`IdentityTransformStream\` writer fed from a loop
  that does not wait for each write (burst 29 → 15–20 ms, paced unchanged; a workerd-only global), a read-ahead of 8
  pieces (burst −15%, paced unchanged), a BYOB reader with 64 KiB of room per read (no change: a read still returns one
  piece). Goals at 2× and 3× leave no room for a stream that JS converts in these runtimes.
- **Native stream in workerd (goal 1.2×).** The checked floor — a tee, and its first piece read in JS — is at about
  1.2× by itself; the proxy adds its per-request work. With \`EMPTY_ANSWER_RETRIES=0\` (no check) it is about 1.1×.
- **Native stream in Deno (goal 1.2×).** Deno passes a fetch's body on without running JavaScript only while nothing in JS
  touches it; any check puts JS on every piece (its tee is JS: the checked floor is at 5–9×; the proxy now reads the
  stream itself, at about the converted floor). With \`EMPTY_ANSWER_RETRIES=0\` the proxy is at about 1.3×.
- **Native requests in workerd and Deno (goal 1.2×).** The checked floor — the request body read whole (so that another
  key can be sent it) and the answer read whole (the blank-answer check) — is at about 1.4×. The proxy's own work on top
  has no hot spot (\`bench/profile.ts\`, workerd, after the changes): the runtime's fetch 11%, reading the answer 7% and
  the request body 6%, garbage collection 5%, Response 4%, timers 4%, headers in and out 4%, URL 2%, the key list 2%,
  route matching 1.5%, and console.log 9% — this last only with the inspector attached (a build without the log line
  costs the same without it). Each of these is a feature: failover, key rotation, masking, resource tags, the check.
- **Node CPU per request (goal 2×) and added latency (1.5×).** The checked floor on Node — Hono's adapter, a Request,
  a Response and the Node entry's upstream client, nothing else — is at about 2× the bare pipe's CPU and 1.9× its
  latency by itself. \`node --cpu-prof\` of the proxy has no hot spot above 5% of its own (socket writes, web streams'
  constructor, undici's Headers and Response, AbortSignal).
- **A 20 MB body (goal 1.6× above rest).** The bare pipe itself peaks at about 0.85× of the body (its pieces in flight,
  freed at the next garbage collection), and the proxy holds the body whole so that another key can be sent it (1×): a
  proxy that can resend starts near 1.85×, and this one measures about 1.7×.
`;
