// The sandboxed preload: exposes `window.lifeboat` (call, on, pickFolder, pickFile) and nothing else:
// no ipcRenderer, no Node. Bundled on its own into dist/electron/preload.cjs, because a
// sandboxed preload can only require('electron').
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { API_METHOD_NAMES } from './channels';

contextBridge.exposeInMainWorld('lifeboat', createBridge(ipcRenderer, API_METHOD_NAMES));
