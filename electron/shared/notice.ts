export type NoticeLevel = 'info' | 'warning' | 'error';

/** A message for the person at the screen: what happened and what to do about it. */
export interface Notice {
  id: string;
  level: NoticeLevel;
  message: string;
  /** Epoch milliseconds. */
  at: number;
}
