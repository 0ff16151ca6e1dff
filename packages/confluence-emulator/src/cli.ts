console.log('emulator placeholder');
