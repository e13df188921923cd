import { describe, expect, it } from 'vitest';
import { balanceAfter, MAX_RUN, SideBalancer, type LeftModel } from '../../electron/services/sessions/side-assignment';

function longestRun(sides: LeftModel[]): number {
  let longest = 0;
  let run = 0;
  sides.forEach((side, i) => {
    run = i > 0 && sides[i - 1] === side ? run + 1 : 1;
    longest = Math.max(longest, run);
  });
  return longest;
}

describe('SideBalancer', () => {
  it('puts each model on the left 50% ± 3% of 1,000 comparisons, with no run longer than the blocks allow', () => {
    const balancer = new SideBalancer();
    const sides = Array.from({ length: 1000 }, () => balancer.next());
    const left0 = sides.filter((s) => s === 0).length / sides.length;
    expect(Math.abs(left0 - 0.5)).toBeLessThanOrEqual(0.03);
    expect(longestRun(sides)).toBeLessThanOrEqual(MAX_RUN);
    // Not a fixed alternation: both orders of a block occur.
    const blocks = new Set(Array.from({ length: 500 }, (_, i) => `${sides[2 * i]}${sides[2 * i + 1]}`));
    expect(blocks).toEqual(new Set(['01', '10']));
  });

  it('is exactly balanced after every even number of comparisons', () => {
    const balancer = new SideBalancer();
    let zeros = 0;
    for (let n = 1; n <= 200; n++) {
      if (balancer.next() === 0) zeros += 1;
      if (n % 2 === 0) expect(zeros).toBe(n / 2);
    }
  });

  it('resumes the current block after a restart from its saved state', () => {
    const draws = [1];
    const before = new SideBalancer(undefined, () => draws.shift() ?? 0);
    expect(before.next()).toBe(1);
    const after = new SideBalancer(before.state(), () => {
      throw new Error('the block is not finished: no new draw');
    });
    expect(after.next()).toBe(0);
  });

  it('balances 1,000 conversations as the session service draws them: a fresh balancer from the record each time', () => {
    // The service keeps no balancer: each new conversation's side comes from the left models recorded so far.
    const lefts: LeftModel[] = [];
    for (let i = 0; i < 1000; i++) lefts.push(new SideBalancer(balanceAfter(lefts)).next());
    const left0 = lefts.filter((s) => s === 0).length / lefts.length;
    expect(Math.abs(left0 - 0.5)).toBeLessThanOrEqual(0.03);
    expect(longestRun(lefts)).toBeLessThanOrEqual(MAX_RUN);
    expect(new Set(Array.from({ length: 500 }, (_, i) => `${lefts[2 * i]}${lefts[2 * i + 1]}`))).toEqual(new Set(['01', '10']));
  });

  it('finishes a half-done block whatever order its conversations were recorded in', () => {
    // Blocks (0,1) and (1, ?): recorded out of order, the pending left model is still 0.
    for (const order of [[0, 1, 1], [1, 0, 1], [1, 1, 0]] as LeftModel[][]) {
      expect(balanceAfter(order)).toEqual({ pending: [0] });
    }
    expect(balanceAfter([1, 0, 0, 1])).toEqual({ pending: [] });
  });
});
