/**
 * Helpers for OpenRLHF's remote reward protocol. OpenRLHF posts `query` (prompt and response
 * decoded together, special tokens and left padding included), `prompts` (the prompts as rendered
 * by the chat template) and `labels` (the references), and reads `rewards`, `scores` and
 * `extra_logs` back.
 */

// Special tokens of common chat templates: <|im_end|>, <|endoftext|>, <|eot_id|> (ASCII bars),
// <｜end▁of▁sentence｜> (DeepSeek's full-width bars), and the SentencePiece/BERT/Gemma names.
// <think> and <answer> are not special tokens and are kept.
const SPECIAL_TOKEN =
  /<\|[^|<>\s]{1,64}\|>|<｜[^｜<>]{1,64}｜>|<\/?s>|<(?:pad|unk|eos|bos|start_of_turn|end_of_turn)>|\[(?:PAD|CLS|SEP|MASK|UNK)\]/g;

/** Removes chat-template special tokens from decoded text. */
export function stripSpecialTokens(text: string): string {
  return text.replace(SPECIAL_TOKEN, "");
}

/** The model's response recovered from an OpenRLHF query. */
export interface QueryCompletion {
  completion: string;
  /** False when the prompt was not found in the query, so the whole query was used. */
  promptFound: boolean;
}

/**
 * Returns the response part of `query`: the text after `prompt`, without special tokens. The
 * prompt is searched as sent and, failing that, with special tokens removed from both, since
 * decoding can differ from the template's text around them.
 */
export function completionFromQuery(query: string, prompt: string): QueryCompletion {
  const at = query.indexOf(prompt);
  if (at !== -1)
    return { completion: stripSpecialTokens(query.slice(at + prompt.length)), promptFound: true };

  const plainQuery = stripSpecialTokens(query);
  const plainPrompt = stripSpecialTokens(prompt);
  const plainAt = plainQuery.indexOf(plainPrompt);
  if (plainAt !== -1)
    return { completion: plainQuery.slice(plainAt + plainPrompt.length), promptFound: true };
  return { completion: plainQuery, promptFound: false };
}
