import { LiveLine } from './live-line';

function stream(isTTY: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const out = { isTTY, write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WriteStream;
  return { out, text: () => chunks.join('') };
}

describe('LiveLine', () => {
  it('on a terminal, clears the live line before a message, so the two never share a line', () => {
    const { out, text } = stream(true);
    const line = new LiveLine(out);
    line.show('1s  posted 3');
    line.say('first order in the read model');
    line.show('2s  posted 6');
    expect(text()).toBe('\r1s  posted 3\x1b[K\r\x1b[K[demo] first order in the read model\n\r2s  posted 6\x1b[K');
  });

  it('on a terminal, ends the final count with a newline, so the closing message starts a line of its own', () => {
    const { out, text } = stream(true);
    const line = new LiveLine(out);
    line.show('8s  posted 159', true);
    line.say('all 159 accepted orders reached the read model');
    expect(text()).toBe('\r8s  posted 159\x1b[K\n[demo] all 159 accepted orders reached the read model\n');
  });

  it('elsewhere, writes every state of the live line as a line', () => {
    const { out, text } = stream(false);
    const line = new LiveLine(out);
    line.show('1s  posted 3');
    line.say('stopping');
    line.show('2s  posted 6', true);
    expect(text()).toBe('1s  posted 3\n[demo] stopping\n2s  posted 6\n');
  });
});
