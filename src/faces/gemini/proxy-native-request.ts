import { placeKey, removeQueryParam, type KeySource } from '../../keys/client-keys.ts';
import { redactKeys } from '../../keys/mask-key.ts';
import { fetchWithFailover, type Attempt, type FailoverOptions, type FailoverResult } from '../../keys/failover.ts';
import { failoverOptions } from '../../gemini/gemini-client.ts';
import { isGenerationPath, sendUntilNotBlank } from '../../gemini/empty-answer.ts';
import { answerWhenReady, assembleStream } from '../../gemini/generate-answer.ts';
import { requireRequestKeys, type KeyRefusal, type RequestKeys } from '../../keys/request-keys.ts';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../../http/forward-headers.ts';
import { fetchUpstream, UpstreamUnreachableError } from '../../http/fetch-upstream.ts';
import { readRequestBody } from '../../http/read-request-body.ts';
import { bodyToPassOn } from '../../http/whole-body.ts';
import type { RequestContext } from '../../request-context.ts';
import type { PlatformServices } from '../../services.ts';
import { buildUpstreamUrl } from '../../http/upstream-url.ts';
import { resourceOwnersOf, type ResourceOwners, type Route } from './resource-owners.ts';
import { findPageTokenTag, findReferences, isResourceCall, mayReferToResources, tagAnswer, type ResourceReferences } from './resource-tags.ts';
import { rewriteAnswer } from '../../gemini/rewrite-answer.ts';

/** The upload URL's parameter with the tag of the key that started the upload; never sent upstream. */
const UPLOAD_TAG_PARAM = 'key_tag';

const MISSING_KEY: KeyRefusal = {
  status: 401,
  message: 'No API key was sent. Put your Gemini API key (or several, comma-separated) in the x-goog-api-key header, the key query parameter, or Authorization: Bearer.',
};

/**
 * Passes a native Gemini API request (`/v1beta/…`, `/v1/…`, `/v1alpha/…`, `/upload/…`) to the upstream
 * with method, path, query and body unchanged, one key of the list in place of the list (another
 * key if that one fails), and hands the answer back as it streams in.
 */
export async function proxyNativeRequest(request: Request, context: RequestContext): Promise<Response> {
  const { url, config } = context;
  if (isResumableUploadContinuation(url)) return sendUploadBytes(request, context);

  const requestKeys = requireRequestKeys(request.headers, url, config, MISSING_KEY);
  const body = await readRequestBody(request, config.maxRequestBodyBytes);
  const upstream = upstreamCallOf(request.method, url, body, context.keepAliveAfterMs > 0);
  const baseHeaders = upstreamRequestHeaders(request.headers);
  const keyPlace = upstreamKeyPlace(requestKeys.source, url.pathname);
  const sendWithKey = (key: string, signal: AbortSignal) => {
    const headers = new Headers(baseHeaders);
    const search = placeKey(keyPlace, key, headers, upstream.search);
    return fetchUpstream(context.services.upstreamFetch, buildUpstreamUrl(config.geminiBaseUrl, upstream.pathname, search), request.method, headers, upstream.body, signal);
  };
  const owners = resourceOwnersOf(context.keyHealth);
  const route = upstream.references ? await owners.route(requestKeys.keys, upstream.references) : null;
  const response = await relay(context, requestKeys, sendWithKey, { method: request.method, pathname: upstream.pathname, search: upstream.search, route, owners, tagsAnswer: upstream.tagsAnswer });
  if (!upstream.keptAlive || !response.ok) return response;
  return answerWhenReady(context, assembleStream(response, requestKeys.keys));
}

/** What goes upstream for a native request: its path, query and body without the proxy's resource tags. */
interface UpstreamCall {
  readonly pathname: string;
  /** The client's query, less the tag of a page token and plus `alt=sse` where the answer is kept alive. */
  readonly search: string;
  readonly body: Uint8Array<ArrayBuffer> | null;
  /** The resources the request names, by the tags the proxy gave them, or null when it names none. */
  readonly references: ResourceReferences | null;
  /** Whether the answer names resources, to be tagged with the key that answered. */
  readonly tagsAnswer: boolean;
  /** A non-streamed generation asked for as a stream, where the platform cuts answers that begin late (see generate-answer.ts). */
  readonly keptAlive: boolean;
}

function upstreamCallOf(method: string, url: URL, body: Uint8Array<ArrayBuffer> | null, keepsAlive: boolean): UpstreamCall {
  const resourceCall = isResourceCall(url.pathname);
  const inPath = findReferences(url.pathname);
  // An upload's body is the file: whatever it says is not a reference.
  const inBody = body && !url.pathname.startsWith('/upload/') && (resourceCall || mayReferToResources(body)) ? findReferences(new TextDecoder().decode(body)) : null;
  const pageToken = findPageTokenTag(url.search);
  const inQuery: ResourceReferences | null = pageToken && { text: pageToken.search, tags: new Map([[pageToken.tag, 'This page token']]), untagged: [] };
  const keptAlive = keepsAlive && method === 'POST' && url.pathname.endsWith(':generateContent');
  const pathname = inPath?.text ?? url.pathname;
  const search = pageToken?.search ?? url.search;
  return {
    pathname: keptAlive ? pathname.replace(/:generateContent$/, ':streamGenerateContent') : pathname,
    search: keptAlive ? `${search ? `${search}&` : '?'}alt=sse` : search,
    body: inBody && inBody.tags.size > 0 ? new TextEncoder().encode(inBody.text) : body,
    references: [inPath, inBody, inQuery].reduce<ResourceReferences | null>((all, found) => (all && found ? mergeReferences(all, found) : (all ?? found)), null),
    // A download (`alt=media`) is the file itself, not an answer naming resources.
    tagsAnswer: resourceCall && !/[?&]alt=media(&|$)/.test(url.search),
    keptAlive,
  };
}

function mergeReferences(first: ResourceReferences, second: ResourceReferences): ResourceReferences {
  return { text: '', tags: new Map([...second.tags, ...first.tags]), untagged: [...first.untagged, ...second.untagged] };
}

interface Call {
  readonly method: string;
  /** The path as it goes upstream, without tags. */
  readonly pathname: string;
  /** The client's query as it goes upstream (less the key). */
  readonly search: string;
  readonly route: Route;
  readonly owners: ResourceOwners;
  /** Whether the answer names resources, to be tagged with the key that answered. */
  readonly tagsAnswer: boolean;
}

async function relay(context: RequestContext, requestKeys: RequestKeys, sendWithKey: Attempt, call: Call): Promise<Response> {
  const { route, owners } = call;
  const options = failoverOptions(context, call.pathname, call.search, isRepeatable(call.method, call.pathname));
  const anyKey = () => fetchWithFailover(context.keyHealth, requestKeys.keys, sendWithKey, options);
  // A call about a resource goes with its owner only: another key would answer 403 or 404, or make the thing in another project.
  const { response, key } =
    route === null
      ? call.method === 'POST' && isGenerationPath(call.pathname)
        ? await sendUntilNotBlank(anyKey, options.streamed, context.config.emptyAnswerRetries, context.signal, streamChecking(context.services))
        : await anyKey()
      : 'owner' in route
        ? await fetchWithFailover(context.keyHealth, [route.owner], sendWithKey, options)
        : await probeKeys(context, requestKeys.keys, sendWithKey, options, route.probe, owners);
  context.usedKey = key;
  // Gemini's errors can name the key (a suspended key's 403 does): the pool's keys must not reach clients.
  if (requestKeys.fromPool && !response.ok) return passOn(await withKeysMasked(response, requestKeys.keys), context, requestKeys.keys);
  if (!call.tagsAnswer || !response.ok) return passOn(response, context, requestKeys.keys);
  const tag = await owners.tagOf(key);
  return passOn(await tagNamesIn(response, tag, call.pathname), context, requestKeys.keys, tag);
}

/** How the blank-answer check reads a native stream: a tee where the runtime passes the other branch on by itself, else the stream itself. */
function streamChecking(services: PlatformServices): { wholeEvents: boolean } | undefined {
  return services.teesNatively ? undefined : { wholeEvents: services.readsWholeEvents ?? false };
}

/**
 * A name the proxy did not hand out: the keys are tried in turn until one owns it (403 and 404 say
 * another project's, 429 that the key cannot tell now). Nothing was made or changed by those answers,
 * so trying again is safe even for a call that makes something.
 */
async function probeKeys(
  context: RequestContext,
  keys: readonly string[],
  sendWithKey: Attempt,
  options: FailoverOptions,
  names: readonly string[],
  owners: ResourceOwners,
): Promise<FailoverResult> {
  const order = context.keyHealth.orderForRequest(keys, options.model).keys;
  let kept: FailoverResult | undefined;
  for (const key of order) {
    const result = await fetchWithFailover(context.keyHealth, [key], sendWithKey, options);
    const status = result.response.status;
    if (status !== 403 && status !== 404 && status !== 429) {
      await kept?.response.body?.cancel();
      if (result.response.ok) await owners.remember(names, key);
      return result;
    }
    // A key out of quota may be the owner: its answer says more than another project's 403 or 404.
    if (kept?.response.status === 429) await result.response.body?.cancel();
    else {
      await kept?.response.body?.cancel();
      kept = result;
    }
  }
  if (!kept) throw new UpstreamUnreachableError('No key could be tried.');
  return kept;
}

/** Calls that change nothing upstream, so that sending one again after a 5xx or a lost connection is safe. */
const REPEATABLE_CALLS = /:(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents|predict|generateAnswer)$/;

function isRepeatable(method: string, pathname: string): boolean {
  return method === 'GET' || method === 'HEAD' || REPEATABLE_CALLS.test(pathname);
}

/**
 * Where the chosen key goes upstream: where the client put its list, except that a Bearer value on
 * Gemini's native endpoints means an OAuth token to Google. Only its OpenAI-compatible endpoint
 * (`/v1beta/openai/…`) takes a key as Bearer; elsewhere the key goes in `x-goog-api-key`.
 */
function upstreamKeyPlace(source: KeySource, pathname: string): KeySource {
  return source === 'bearer' && !/^\/[^/]+\/openai\//.test(pathname) ? 'header' : source;
}

/**
 * The bytes of a resumable upload: authorised by their `upload_id`, streamed through, never held or
 * retried. The upload URL carries the tag of the key that started it, for the file's name in the last answer.
 */
async function sendUploadBytes(request: Request, context: RequestContext): Promise<Response> {
  const { url } = context;
  // Whatever the client put in `key` (its list, or an access token) is not Google's business here.
  const search = removeQueryParam(removeQueryParam(url.search, 'key'), UPLOAD_TAG_PARAM);
  const upstreamUrl = buildUpstreamUrl(context.config.geminiBaseUrl, findReferences(url.pathname)?.text ?? url.pathname, search);
  const upstream = await fetchUpstream(context.services.upstreamFetch, upstreamUrl, request.method, upstreamRequestHeaders(request.headers), request.body, context.signal);
  const tag = url.searchParams.get(UPLOAD_TAG_PARAM);
  const tagged = tag && /^[a-z0-9]+$/.test(tag) && upstream.ok ? await tagNamesIn(upstream, tag, url.pathname) : upstream;
  return passOn(tagged, context, []);
}

/** The answer of a resource call with every name in it tagged; an interaction's event stream tagged event by event. */
function tagNamesIn(response: Response, tag: string, pathname: string): Promise<Response> {
  const interaction = /\/interactions(\/|$)/.test(pathname);
  return rewriteAnswer(response, (answer) => tagAnswer(answer, tag, interaction), (event) => tagAnswer(event, tag, false));
}

/** The upstream's answer for the client: its headers with every key of the request masked, the upload URL pointing here. */
function passOn(upstream: Response, context: RequestContext, keys: readonly string[], tag?: string): Response {
  const headers = downstreamResponseHeaders(upstream.headers, keys);
  pointUploadUrlAtProxy(headers, context.config.geminiBaseUrl, context.url.origin, tag);
  return new Response(bodyToPassOn(upstream), { status: upstream.status, statusText: upstream.statusText, headers });
}

async function withKeysMasked(response: Response, keys: readonly string[]): Promise<Response> {
  const body = redactKeys(await response.text(), keys);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function isResumableUploadContinuation(url: URL): boolean {
  return url.pathname.startsWith('/upload/') && url.searchParams.has('upload_id');
}

/**
 * A resumable upload answers with the URL to send the bytes to. Left alone it points at Google (or at
 * the gateway, spelled however the upstream spells it), which the client may not be able to reach,
 * and Google copies the start's query into it, `key` included: the client gets the same path and
 * query on the proxy's own origin, without the key, and with the tag of the key that started it.
 */
function pointUploadUrlAtProxy(headers: Headers, geminiBaseUrl: string, proxyOrigin: string, tag: string | undefined): void {
  const uploadUrl = headers.get('x-goog-upload-url');
  if (uploadUrl === null) return;
  let parsed: URL;
  try {
    parsed = new URL(uploadUrl);
  } catch {
    headers.delete('x-goog-upload-url');
    return;
  }
  const basePath = new URL(geminiBaseUrl).pathname.replace(/\/$/, '');
  const path = basePath && parsed.pathname.startsWith(`${basePath}/`) ? parsed.pathname.slice(basePath.length) : parsed.pathname;
  const search = removeQueryParam(parsed.search, 'key');
  const tagParam = tag ? `${search ? '&' : '?'}${UPLOAD_TAG_PARAM}=${tag}` : '';
  headers.set('x-goog-upload-url', proxyOrigin + path + search + tagParam);
}
