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
    // Line breaks are found with indexOf, which scans natively, rather than character by character.
    let nextLf = text.indexOf('\n', lineStart);
    let nextCr = text.indexOf('\r', lineStart);
    while (nextLf !== -1 || nextCr !== -1) {
      const isCr = nextCr !== -1 && (nextLf === -1 || nextCr < nextLf);
      const lineEnd = isCr ? nextCr : nextLf;
      this.lineParts.push(text.slice(lineStart, lineEnd));
      this.endLine();
      lineStart = lineEnd + 1;
      if (isCr) {
        if (lineStart === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(lineStart) === 10) lineStart++;
        nextCr = text.indexOf('\r', lineStart);
      }
      if (nextLf !== -1 && nextLf < lineStart) nextLf = text.indexOf('\n', lineStart);
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
