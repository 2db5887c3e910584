// The history as a virtualised table: only the rows in view (plus a few) exist in the page, and
// the pages behind them are fetched on demand. Rows have a fixed height in rem, measured once,
// so the table stays right when the user enlarges the text.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { BackupRowActions } from './BackupRow';
import { BackupRow } from './BackupRow';
import { HISTORY_COLUMNS } from './columns';
import type { BackupPages } from './use-backup-pages';

const ROW_HEIGHT_REM = 3.25;

function rootFontPx(): number {
  const size = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(size) && size > 0 ? size : 16;
}

export function BackupTable({ pages, actions }: { pages: BackupPages; actions: BackupRowActions }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [rowHeight] = useState(() => Math.round(ROW_HEIGHT_REM * rootFontPx()));
  const count = pages.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensureRange } = pages;

  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [first, last, count, ensureRange]);

  return (
    <div role="table" aria-label="Backups" aria-rowcount={count + 1} className="history-table">
      <div role="rowgroup" className="history-head">
        <div role="row" aria-rowindex={1} className="history-grid">
          {HISTORY_COLUMNS.map((column) => (
            <div role="columnheader" key={column}>
              {column}
            </div>
          ))}
        </div>
      </div>
      {/* Focusable so keyboard users can scroll it with the arrow and page keys. */}
      <div ref={scroller} className="history-scroll" tabIndex={0} role="rowgroup" aria-label="Backup rows (scroll with arrow keys)">
        <div className="history-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => (
            <BackupRow key={item.key} index={item.index} top={item.start} height={item.size} backup={pages.rowAt(item.index)} {...actions} />
          ))}
        </div>
      </div>
    </div>
  );
}
