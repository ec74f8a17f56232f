"""A TCP forwarder 127.0.0.1:LISTEN → 127.0.0.1:TARGET for Tests/Dashboards/dashboards.sh: the operator reaches kapi
through it, and SIGUSR1 cuts every open connection at once (what an API server restart or a load balancer's idle
timeout does to long watches), so the operator's watches restart for real. New connections keep working.

    python3 sever-proxy.py LISTEN TARGET      # prints READY once it listens
"""
import asyncio
import signal
import sys

listen, target = int(sys.argv[1]), int(sys.argv[2])
connections = set()


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        client_writer.close()
        return
    pair = (client_writer, server_writer)
    connections.add(pair)
    try:
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
    finally:
        connections.discard(pair)


def sever():
    count = len(connections)
    for pair in list(connections):
        for writer in pair:
            writer.transport.abort()
    print(f"severed {count} connections", flush=True)


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, sever)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
