/** OpenAI's Responses API wire format, as far as this face writes it. */

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface UrlCitation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

export type MessageContent = { type: 'output_text'; text: string; annotations: UrlCitation[]; logprobs?: [] } | { type: 'refusal'; refusal: string };

export interface MessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: MessageContent[];
}

export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string;
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
  status: 'in_progress' | 'completed';
}

export interface CustomToolCallItem {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
  status: 'in_progress' | 'completed';
}

export interface LocalShellCallItem {
  type: 'local_shell_call';
  id: string;
  call_id: string;
  status: 'in_progress' | 'completed';
  action: { type: 'exec'; command: string[]; env: Record<string, string>; timeout_ms?: number; working_directory?: string };
}

export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem | CustomToolCallItem | LocalShellCallItem;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: OutputItem[];
  /** The text of the output messages, as the SDKs offer it. */
  output_text: string;
  parallel_tool_calls: boolean;
  store: false;
  usage: ResponsesUsage | null;
}

/** A streaming event: its `type`, and the fields of that type. `sequence_number` is added when it is written. */
export type ResponseEvent = { type: string } & Record<string, unknown>;
