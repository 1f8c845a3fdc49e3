import { snapshotHelpFor } from './help-snapshot';

describe('snapshotHelpFor', () => {
  const snapshot = { '': 'root help', topics: 'topics help', 'topics create': 'create help', dlq: 'dlq help', 'dlq list': 'list help' };

  it.each([
    [['--help'], 'root help'],
    [['-h'], 'root help'],
    [['topics', '--help'], 'topics help'],
    [['topics', 'create', '-h'], 'create help'],
    [['dlq', 'list', 'orders.g.dlq', '--help'], 'list help'],
    [['dlq', 'list', '--json', '--help'], 'list help'],
  ])('answers %j from the snapshot', (args, help) => {
    expect(snapshotHelpFor(args, snapshot)).toBe(help);
  });

  it.each([[['topics']], [['bogus', '--help']], [['tail', '--', '--help']], [[]]])('leaves %j to the full program', (args) => {
    expect(snapshotHelpFor(args, snapshot)).toBeUndefined();
  });

  it('leaves everything to the full program when the build wrote no snapshot', () => {
    expect(snapshotHelpFor(['--help'], undefined)).toBeUndefined();
  });
});
