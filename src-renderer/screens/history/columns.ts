// Column headings of the history table; the grid template lives in screens.css (.history-grid).
export const HISTORY_COLUMNS = ['Started', 'Database / job', 'Status', 'Size', 'Duration', 'Copies', 'Actions'] as const;
