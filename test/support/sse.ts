/**
 * Read a graphql-sse stream until `count` `next` events have arrived (or the stream ends), and
 * return their payloads. `onEvent` sees each as it arrives.
 */
export async function readSseEvents(reader: ReadableStreamDefaultReader<Uint8Array>, count: number, onEvent: (event: any) => void = () => undefined): Promise<any[]> {
  const decoder = new TextDecoder();
  const events: any[] = [];
  let text = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (/^event: next$/m.test(block) && data) {
        const event = JSON.parse(data);
        events.push(event);
        onEvent(event);
      }
    }
  }
  return events;
}
