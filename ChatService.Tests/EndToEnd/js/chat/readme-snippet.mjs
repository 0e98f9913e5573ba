import io from 'socket.io-client';

const socket = io('http://localhost:5000');

// Conectar
socket.on('connect', () => {
  console.log('Conectado ao chat!');
});

// Entrar em sala
socket.emit('join_room', {
  room_id: 'general',
  username: 'Meu Nome'
});

// Enviar mensagem
socket.emit('send_message', {
  room_id: 'general',
  message: 'Olá pessoal!',
  username: 'Meu Nome'
});

// Receber mensagens
socket.on('new_message', (message) => {
  console.log('Nova mensagem:', message);
});
