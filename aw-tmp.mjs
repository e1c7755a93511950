import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
const d = new Y.Doc(); const a = new Awareness(d); a.setLocalState({x:1})
const up = encodeAwarenessUpdate(a, [d.clientID])
const sd = new Y.Doc(); const s = new Awareness(sd)
applyAwarenessUpdate(s, up, null)
console.log([...s.getStates().entries()], sd.clientID, d.clientID)
