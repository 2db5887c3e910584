// A stand-in for the `electron` module, enough to run the real main bundle in Node: it records
// what main asks for (windows, protocol handlers, IPC handlers, tray, menus, dialogs) and lets a
// test drive it (ready, window events, quitting). No Electron binary needed.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';

type Listener = (...args: unknown[]) => unknown;

function preventable(fields: Record<string, unknown> = {}) {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true), ...fields };
  return event;
}

export function createFakeElectron(options: { userDataRoot: string }) {
  const log: string[] = [];
  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const state = { quitted: false, exitCode: undefined as number | undefined, paths: new Map<string, string>() };

  Object.assign(app, {
    isPackaged: false,
    setName: (name: string) => log.push(`app.setName ${name}`),
    setPath: (name: string, value: string) => state.paths.set(name, value),
    getPath: (name: string) => state.paths.get(name) ?? `${options.userDataRoot}/${name}`,
    setAppUserModelId: () => {},
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setLoginItemSettings: (settings: unknown) => log.push(`setLoginItemSettings ${JSON.stringify(settings)}`),
    quit: () => {
      app.emit('before-quit', preventable());
      for (const win of windows) win.close();
      const willQuit = preventable();
      app.emit('will-quit', willQuit);
      if (!willQuit.defaultPrevented) state.quitted = true;
    },
    exit: (code: number) => {
      state.exitCode = code;
      state.quitted = true;
    },
  });

  const windows: FakeBrowserWindow[] = [];

  class FakeWebContents extends EventEmitter {
    readonly sent: unknown[][] = [];
    openHandler: ((details: { url: string }) => { action: string }) | undefined;
    readonly insertedCss: string[] = [];
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    insertCSS(css: string) {
      this.insertedCss.push(css);
      return Promise.resolve('key');
    }
    printToPDF() {
      return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
    }
    print() {}
  }

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    visible = false;
    destroyed = false;
    url: string | undefined;
    menu: unknown;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', preventable(), this.webContents);
    }
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    loadURL(url: string) {
      this.url = url;
      queueMicrotask(() => {
        this.emit('ready-to-show');
        this.webContents.emit('did-finish-load');
      });
      return Promise.resolve();
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isVisible() {
      return this.visible;
    }
    setMenu(menu: unknown) {
      this.menu = menu;
    }
    close() {
      if (this.destroyed) return;
      const event = preventable();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }

  function fakeSession(name: string) {
    return {
      name,
      permissionRequest: undefined as Listener | undefined,
      permissionCheck: undefined as Listener | undefined,
      beforeRequest: undefined as Listener | undefined,
      setPermissionRequestHandler(handler: Listener) {
        this.permissionRequest = handler;
      },
      setPermissionCheckHandler(handler: Listener) {
        this.permissionCheck = handler;
      },
      webRequest: {
        onBeforeRequest: (handler: Listener) => void (sessions.get(name)!.beforeRequest = handler),
      },
    };
  }
  const sessions = new Map<string, ReturnType<typeof fakeSession>>([['default', fakeSession('default')]]);

  const protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  const privileged: unknown[] = [];
  const ipcHandlers = new Map<string, Listener>();
  const trays: FakeTray[] = [];
  let applicationMenu: unknown;

  class FakeTray extends EventEmitter {
    tooltip = '';
    menu: { template: Array<{ label?: string; click?: () => void; type?: string }> } | undefined;
    destroyed = false;
    constructor(public image: { path: string }) {
      super();
      trays.push(this);
    }
    setImage(image: { path: string }) {
      this.image = image;
    }
    setToolTip(tooltip: string) {
      this.tooltip = tooltip;
    }
    setContextMenu(menu: FakeTray['menu']) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const dialogCalls: Array<[string, unknown[]]> = [];
  const dialog = {
    showMessageBox: (...args: unknown[]) => (dialogCalls.push(['showMessageBox', args]), Promise.resolve({ response: 0 })),
    showMessageBoxSync: (...args: unknown[]) => (dialogCalls.push(['showMessageBoxSync', args]), 1),
    showOpenDialog: (...args: unknown[]) => (dialogCalls.push(['showOpenDialog', args]), Promise.resolve({ canceled: false, filePaths: ['/mnt/nas'] })),
    showSaveDialog: (...args: unknown[]) => (dialogCalls.push(['showSaveDialog', args]), Promise.resolve({ canceled: true })),
    showErrorBox: (...args: unknown[]) => void dialogCalls.push(['showErrorBox', args]),
  };

  const blockers = { started: 0, stopped: 0 };
  const opened: string[] = [];
  const notifications: unknown[] = [];

  class FakeNotification extends EventEmitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: unknown) {
      super();
    }
    show() {
      notifications.push(this.options);
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => void (applicationMenu = menu),
    },
    nativeImage: { createFromPath: (path: string) => ({ path, isEmpty: () => !existsSync(path) }) },
    nativeTheme: { shouldUseDarkColors: false },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void privileged.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    session: {
      get defaultSession() {
        return sessions.get('default');
      },
      fromPartition: (name: string) => {
        if (!sessions.has(name)) sessions.set(name, fakeSession(name));
        return sessions.get(name);
      },
    },
    ipcMain: {
      handle: (channel: string, listener: Listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    dialog,
    powerMonitor: new EventEmitter(),
    powerSaveBlocker: { start: () => ++blockers.started, stop: () => void blockers.stopped++ },
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
  };

  return {
    electron,
    log,
    state,
    windows,
    trays,
    sessions,
    protocolHandlers,
    privileged,
    ipcHandlers,
    dialogCalls,
    blockers,
    opened,
    notifications,
    applicationMenu: () => applicationMenu,
    ready: () => resolveReady(),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
