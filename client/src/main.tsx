import { render } from 'solid-js/web'

render(() => <p>Kotipiha</p>, document.getElementById('root')!)
