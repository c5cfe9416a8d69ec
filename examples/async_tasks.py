# Two asyncio tasks taking turns: a fast ticker and a slow one.
import asyncio


async def ticker(name, period_ms, count, log):
    for i in range(count):
        log.append("{}{}".format(name, i))
        await asyncio.sleep_ms(period_ms)


async def main():
    log = []
    await asyncio.gather(ticker("fast", 10, 6, log), ticker("slow", 25, 3, log))
    print(" ".join(log))


asyncio.run(main())
