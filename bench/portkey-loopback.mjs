// Preloaded into Portkey's gateway by bench/run.sh (node --import): its start-server listens on
// every interface and has no option for the address; the benchmark binds everything to loopback.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
        args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
    }
    return listen.apply(this, args);
};
