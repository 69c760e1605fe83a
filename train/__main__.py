"""``python -m train --config ...`` (and ``accelerate launch -m train --config ...``)."""
from train.cli import train_main

if __name__ == "__main__":
    train_main()
