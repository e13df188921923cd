import { memo, useMemo, useRef } from 'react';
import { BlockSplitter } from './markdown-blocks';
import { useMarkdownRenderer } from './markdown-context';

/**
 * Completed blocks are grouped in runs of this many: a frame reconciles a handful of runs, not every block, and
 * the browser tracks the visibility of a handful of runs (content-visibility), not of every block.
 */
const RUN_LENGTH = 16;

/**
 * An answer as markdown while it streams. The text is cut into top-level blocks; completed blocks never change,
 * so each is rendered once (memoised by its text) and React skips it on later frames. Only the open block at the
 * end is parsed again as text arrives.
 */
export function StreamingMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  const splitter = useRef<BlockSplitter | null>(null);
  splitter.current ??= new BlockSplitter();
  const { completed, open } = useMemo(() => splitter.current!.split(text), [text]);
  const runs: (readonly string[])[] = [];
  for (let start = 0; start < completed.length; start += RUN_LENGTH) runs.push(completed.slice(start, start + RUN_LENGTH));
  return (
    <div className="md">
      {runs.map((blocks, index) => (
        <CompletedRun key={index} blocks={blocks} />
      ))}
      {open && <OpenBlock key={`open-${completed.length}`} text={open} streaming={streaming} />}
    </div>
  );
}

/** A run of completed blocks: equal when it holds the same blocks (the splitter hands back the same strings). */
const CompletedRun = memo(
  function CompletedRun({ blocks }: { blocks: readonly string[] }) {
    return (
      <div className="md-run">
        {blocks.map((block, index) => (
          <CompletedBlock key={index} text={block} />
        ))}
      </div>
    );
  },
  (before, after) => before.blocks.length === after.blocks.length && before.blocks.every((block, i) => block === after.blocks[i]),
);

const CompletedBlock = memo(function CompletedBlock({ text }: { text: string }) {
  const renderer = useMarkdownRenderer();
  const html = useMemo(() => renderer.renderBlock(text), [renderer, text]);
  // The HTML comes from markdown-it with html: false (the model's raw HTML is escaped), so it is safe to insert.
  return <div className="md-block" dangerouslySetInnerHTML={{ __html: html }} />;
});

function OpenBlock({ text, streaming }: { text: string; streaming: boolean }) {
  const renderer = useMarkdownRenderer();
  const html = useMemo(() => (streaming ? renderer.render(text, { highlight: false }) : renderer.renderBlock(text)), [renderer, text, streaming]);
  return <div className="md-block" dangerouslySetInnerHTML={{ __html: html }} />;
}
