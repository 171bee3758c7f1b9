/**
 * Reads Server-Sent Events incrementally and hands over each event's `data` as soon as the blank
 * line that ends it arrives. Each piece of text is scanned once: the unfinished last line is kept as
 * a list of pieces, never as a growing buffer that is searched again. Lines may end in \n, \r\n or \r,
 * also when the \r and the \n arrive in different pieces.
 */
export class SseDataParser {
  private lineParts: string[] = [];
  private dataLines: string[] = [];
  private afterCarriageReturn = false;

  constructor(private readonly onData: (data: string) => void) {}

  push(text: string): void {
    let lineStart = 0;
    if (this.afterCarriageReturn && text.startsWith('\n')) lineStart = 1;
    this.afterCarriageReturn = false;
    for (let i = lineStart; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      this.lineParts.push(text.slice(lineStart, i));
      this.endLine();
      if (char === 13) {
        if (i + 1 === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      lineStart = i + 1;
    }
    if (lineStart < text.length) this.lineParts.push(text.slice(lineStart));
  }

  /** The stream ended: an event that lacks only its closing blank line still counts. */
  end(): void {
    if (this.lineParts.length > 0) this.endLine();
    this.dispatch();
  }

  private endLine(): void {
    const line = this.lineParts.length === 1 ? (this.lineParts[0] as string) : this.lineParts.join('');
    this.lineParts = [];
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith('data:')) this.dataLines.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    // Comments (":…") and the event, id and retry fields carry nothing Gemini uses.
  }

  private dispatch(): void {
    if (this.dataLines.length === 0) return;
    const data = this.dataLines.join('\n');
    this.dataLines = [];
    this.onData(data);
  }
}
