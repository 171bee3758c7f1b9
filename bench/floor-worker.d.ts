type Send = (url: string, init: { method: string; headers: Headers; body: ArrayBuffer }) => Promise<Response>;

export function floor(request: Request, env: { UPSTREAM: string; MODE?: string }, send: Send): Promise<Response>;
declare const worker: { fetch(request: Request, env: { UPSTREAM: string; MODE?: string }): Promise<Response> };
export default worker;
