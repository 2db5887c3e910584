// Main's side of the bridge: one invoke handler per API method (`lifeboat:<method>`, from
// API_METHODS), each passing the payload untouched to service.call, which validates it and
// answers with a {result}|{error} envelope. Nothing throws across IPC, and only the main
// window's own top frame, showing the app's origin, may call. Events go out on one channel.
import { API_METHODS, type ApiEventName, type ApiMethod } from '../../../src-shared/api';
import { ERROR_TITLES, toLifeboatError, type ErrorData } from '../../../src-shared/errors';
import type { LifeboatService } from '../../service/service-types';
import { API_EVENT_NAMES, EVENT_CHANNEL, methodChannel, PICK_FILE_CHANNEL, PICK_FOLDER_CHANNEL, type EventMessage, type PickFolderEnvelope } from './channels';

export interface FrameLike {
  url: string;
  parent: unknown;
}
export interface IpcInvokeEventLike {
  sender: unknown;
  senderFrame: FrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  ipcMain: IpcMainLike;
  service: Pick<LifeboatService, 'call'>;
  /** Whether a call comes from the main window's own top frame at the app's origin. */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** The native folder and file dialogs; null when cancelled. */
  pickFolder(): Promise<string | null>;
  pickFile(): Promise<string | null>;
  onRefused?(channel: string, url: string): void;
}

/** A trust check bound to the window's webContents (read lazily: the window may be recreated). */
export function trustedSender(webContents: () => unknown, isAppUrl: (url: string) => boolean): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    return webContents() !== undefined && event.sender === webContents() && frame !== null && (frame.parent === null || frame.parent === undefined) && isAppUrl(frame.url);
  };
}

function refused(): { error: ErrorData } {
  return { error: { code: 'INTERNAL', title: ERROR_TITLES.INTERNAL, message: 'Refused: the request did not come from the Lifeboat window.' } };
}

/** Registers every handler; returns the function that removes them. */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, service } = options;
  const guard = (channel: string, event: IpcInvokeEventLike): boolean => {
    if (options.isTrustedSender(event)) return true;
    options.onRefused?.(channel, event.senderFrame?.url ?? '(no frame)');
    return false;
  };

  const channels: string[] = [];
  for (const method of API_METHODS) {
    const channel = methodChannel(method);
    ipcMain.handle(channel, async (event, payload) => {
      if (!guard(channel, event)) return refused();
      try {
        return await service.call(method as ApiMethod, payload);
      } catch (error) {
        // service.call promises never to throw; if it does anyway, the renderer still gets data.
        return { error: toLifeboatError(error).toData() };
      }
    });
    channels.push(channel);
  }

  const picker = (channel: string, pick: () => Promise<string | null>) => {
    ipcMain.handle(channel, async (event): Promise<PickFolderEnvelope> => {
      if (!guard(channel, event)) return refused();
      try {
        return { result: { path: await pick() } };
      } catch (error) {
        return { error: toLifeboatError(error).toData() };
      }
    });
    channels.push(channel);
  };
  picker(PICK_FOLDER_CHANNEL, () => options.pickFolder());
  picker(PICK_FILE_CHANNEL, () => options.pickFile());

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Forwards every service event to `send` (the main window's webContents.send); returns the disposer. */
export function forwardServiceEvents(service: Pick<LifeboatService, 'on'>, send: (channel: string, message: EventMessage) => void): () => void {
  const disposers = API_EVENT_NAMES.map((event) => service.on(event, (payload) => send(EVENT_CHANNEL, { event, payload } as EventMessage<ApiEventName>)));
  return () => {
    for (const dispose of disposers) dispose();
  };
}
