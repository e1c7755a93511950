import { render } from 'solid-js/web'
import { App } from './App.tsx'
import { registerBoardsNav } from './boards/nav.ts'
import { registerBookingsNav } from './bookings/nav.ts'
import { registerCasesNav } from './cases/nav.ts'
import { registerChatNav } from './chat/nav.ts'
import { installCollab } from './collab/install.ts'
import { registerDocumentsNav } from './documents/nav.ts'
import { registerKbNav } from './kb/nav.ts'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
installCollab()
registerChatNav()
registerCasesNav()
registerBookingsNav()
registerBoardsNav()
registerDocumentsNav()
registerKbNav()
render(() => <App />, root)
