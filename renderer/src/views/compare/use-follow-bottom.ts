import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** How close to the end still counts as "at the bottom" (a fraction of a line of slack for rounding). */
const SLACK_PX = 24;
/** A scroll within this long after the person's wheel, key or pointer counts as theirs. */
const INTENT_MS = 1000;

/**
 * Keeps the end of the text in a scroll box in view while `signal` changes (text arriving), unless the person
 * has scrolled up to read; scrolling back to the end resumes following.
 *
 * With a runway (an empty block after the text, while it streams), the box scrolls only when the text has
 * filled the runway, a few times a second at most, instead of on every frame: the text grows into empty space
 * and stays still while it is read, and the browser repaints only the new lines (measured: scrolling both panes
 * on every frame more than doubled the frames' paint work and the long tasks).
 *
 * Only the person's own scrolling (wheel, touch, keys, dragging the scrollbar) stops the following: the browser
 * also scrolls a box by itself (its content briefly shorter while a new block is first laid out, scroll
 * anchoring), and treating that as "the reader scrolled up" left a pane stuck mid-answer.
 *
 * The jump runs in a layout effect, before paint and in the same frame as the text (measured: following from a
 * ResizeObserver instead, after layout, made frames late and doubled the long tasks).
 */
export function useFollowBottom(ref: RefObject<HTMLElement | null>, signal: unknown, runwayRef?: RefObject<HTMLElement | null>): void {
  const following = useRef(true);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    let intentAt = -Infinity;
    let dragging = false;
    const intent = () => {
      intentAt = performance.now();
    };
    const press = () => {
      dragging = true;
      intent();
    };
    const release = () => {
      dragging = false;
    };
    const onScroll = () => {
      const atEnd = endOfText(box, runwayRef) - box.scrollTop - box.clientHeight <= SLACK_PX;
      if (atEnd) following.current = true;
      else if (dragging || performance.now() - intentAt < INTENT_MS) following.current = false;
    };
    const listeners: [EventTarget, string, () => void][] = [
      [box, 'scroll', onScroll],
      [box, 'wheel', intent],
      [box, 'touchmove', intent],
      [box, 'keydown', intent],
      [box, 'pointerdown', press],
      [window, 'pointerup', release],
    ];
    for (const [target, type, listener] of listeners) target.addEventListener(type, listener, { passive: true });
    return () => {
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
    };
  }, [ref, runwayRef]);

  useLayoutEffect(() => {
    const box = ref.current;
    // Only when the text has gone past the bottom edge; then to the very end, so the runway is in view again.
    if (box && following.current && endOfText(box, runwayRef) > box.scrollTop + box.clientHeight) box.scrollTop = box.scrollHeight;
  }, [ref, runwayRef, signal]);
}

/** Where the text ends in the box's scrolled content: the top of the runway after it, or the content's end. */
function endOfText(box: HTMLElement, runwayRef: RefObject<HTMLElement | null> | undefined): number {
  const runway = runwayRef?.current;
  return runway ? runway.offsetTop : box.scrollHeight;
}
