// An event hook (docs/hooks.md): one line in vigil's log when a service crashes, a louder one when
// vigil gives up on it. The filter is checked before any JS runs.
var filter = {to: ['CRASHED', 'FAILED']};

function on(event) {
    if (event.to === 'CRASHED') {
        vigil.log(event.service + ' crashed: ' + (event.exit ? event.exit.text : event.cause) + '; vigil restarts it after its backoff');
    } else {
        vigil.log('ATTENTION: ' + event.service + ' is FAILED (' + event.cause + '); `vigil start ' + event.service + '` once fixed');
    }
}
