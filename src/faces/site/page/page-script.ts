/**
 * The landing page's script, as text: the language switch, the copy buttons and the key checker.
 * ES2019; it builds the DOM with textContent only, never with HTML. Keys live in the text box and
 * in the one request to this proxy's /verify, nowhere else (not in localStorage, not in the URL).
 */
import { KEY_CHARACTERS, KEY_SEPARATORS } from '../../../keys/parse-key-list.ts';
import { SCRIPT_TEXT } from './page-text.ts';

const WORDS = JSON.stringify(SCRIPT_TEXT).replace(/</g, '\\u003c');

export const PAGE_SCRIPT = `(()=>{
const d=document,h=d.documentElement,W=${WORDS},$=id=>d.getElementById(id),K='gbl-lang';
const t=w=>{const f=d.createDocumentFragment();W[w].forEach((s,i)=>{const e=d.createElement('span');e.className=i?'Z':'E';e.textContent=s;f.append(e)});return f};
const put=(el,...n)=>{el.textContent='';el.append(...n)};
try{const l=localStorage.getItem(K);if(l==='en'||l==='zh-CN')h.lang=l}catch{}
$('lang').onclick=()=>{h.lang=h.lang==='en'?'zh-CN':'en';try{localStorage.setItem(K,h.lang)}catch{}};
const o=$('gemini-url').textContent,O=location.origin;
if(O!==o&&/^https?:$/.test(location.protocol))d.querySelectorAll('.o').forEach(e=>e.textContent=e.textContent.split(o).join(O));
d.querySelectorAll('[data-copy]').forEach(b=>b.onclick=()=>{
const el=$(b.dataset.copy),s=el.textContent,old=[...b.childNodes];
const show=ok=>{if(!ok)getSelection().selectAllChildren(el);put(b,t(ok?'copied':'copyFailed'));setTimeout(()=>put(b,...old),1500)};
const fallback=()=>{const a=d.createElement('textarea');let ok=false;a.value=s;a.className='cp';d.body.append(a);a.select();try{ok=d.execCommand('copy')}catch{}a.remove();show(ok)};
navigator.clipboard?navigator.clipboard.writeText(s).then(()=>show(true),fallback):fallback()});
const btn=$('check'),st=$('status'),list=$('results');
const say=(cls,...n)=>{st.className=cls;put(st,...n)};
const add=(x,n)=>{const k=x.status==='GOOD'?'GOOD':x.status==='BAD'?'BAD':x.reason==='QUOTA_EXHAUSTED'?'QUOTA':'ERROR',li=d.createElement('li'),c=d.createElement('code'),b=d.createElement('b');
n[k]++;li.className=k;li.value=x.index+1;c.textContent=x.key;b.append(t(k));li.append(c,' ',b);
if(x.error){const m=d.createElement('span');m.className='m';m.textContent=x.error;li.append(' ',m)}
list.insertBefore(li,[...list.children].find(e=>e.value>li.value)||null)};
$('checker').onsubmit=async ev=>{ev.preventDefault();if(btn.disabled)return;
const keys=[...new Set($('keys').value.split(${KEY_SEPARATORS}).filter(Boolean))],n={GOOD:0,BAD:0,QUOTA:0,ERROR:0};
list.textContent='';
if(!keys.length)return say('err',t('empty'));
if(keys.some(k=>!${KEY_CHARACTERS}.test(k)))return say('err',t('ascii'));
btn.disabled=true;say('',t('checking'));
try{const r=await fetch('/verify',{method:'POST',headers:{'x-goog-api-key':keys.join(',')}});
if(!r.ok){let m='HTTP '+r.status;try{m=(await r.json()).error.message}catch{}return say('err',t('failed'),m)}
const rd=r.body.getReader(),dec=new TextDecoder();let buf='',c;
do{c=await rd.read();buf+=dec.decode(c.value,{stream:!c.done});const ev=buf.split(/\\r?\\n\\r?\\n/);buf=c.done?'':ev.pop();
for(const e of ev){const data=e.split(/\\r?\\n/).filter(l=>l.startsWith('data:')).map(l=>l.slice(5)).join('\\n');if(data.trim())add(JSON.parse(data),n)}}while(!c.done);
const sum=[t('done')];for(const k in n)if(n[k])sum.push(sum.length>1?' · ':'',t(k),' '+n[k]);say('',...sum)}
catch(e){say('err',t('unreachable'),String(e.message||e))}finally{btn.disabled=false}}
})();`;
