/**
 * A chat script for the fake Ollama server under the whole pipeline: the
 * default answers, except that the social post is one that names nothing from
 * the call (the default "fake answer" equals the default buyer company, which
 * the social-post check rightly refuses as a leak).
 */
import { defaultChatReply, type FakeHandler } from './fakeOllama.ts';

export const pipelineChat: FakeHandler = (req) => {
  const props = Object.keys(req.body?.format?.properties ?? {});
  if (props.length === 1 && props[0] === 'body') return { json: { body: 'Three habits of teams that follow up within a day.' } };
  return defaultChatReply(req);
};
