--%%name:Kitchen speaker
--%%type:com.fibaro.player
--%%u:{label='now',text='Stopped'}
--%%u:{{button='play',text='Play',onReleased='play'},{button='pause',text='Pause',onReleased='pause'},{button='stop',text='Stop',onReleased='stop'}}
--%%u:{slider='volume',text='Volume',min='0',max='100',onChanged='volumeSlider'}
--%%u:{switch='mute',text='Mute',onReleased='muteSwitch'}

-- A media player QuickApp (com.fibaro.player): the actions play, pause, stop, next, prev,
-- setVolume(level 0-100) and setMute(bool) of HC3's player type; its state is in the properties
-- `state` ("playing"/"paused"/"stopped"), `volume` and `mute`. A real one would send each
-- command to the speaker with net.HTTPClient or net.TCPSocket.
-- Run: ./run.sh --fibaro --run-for 0 examples/fibaro/player.lua
-- then: curl -X POST localhost:8080/api/devices/5555/action/setVolume -d '{"args":[35]}'

local playlist = {'Morning news', 'Jazz radio', 'Podcast'}
local track = 1

function QuickApp:show()
  local p = self.properties
  self:updateView('now', 'text', string.format('%s: %s (volume %d%s)', p.state, playlist[track], p.volume,
    p.mute and ', muted' or ''))
end

function QuickApp:setState(state)
  self:updateProperty('state', state)
  self:debug(state, playlist[track])
  self:show()
end

function QuickApp:play() self:setState('playing') end
function QuickApp:pause() self:setState('paused') end
function QuickApp:stop() self:setState('stopped') end
function QuickApp:next() track = track % #playlist + 1; self:setState(self.properties.state) end
function QuickApp:prev() track = (track - 2) % #playlist + 1; self:setState(self.properties.state) end

function QuickApp:setVolume(level)
  level = math.max(0, math.min(100, math.floor(tonumber(level) or 0)))
  self:updateProperty('volume', level)
  self:updateView('volume', 'value', tostring(level))
  self:debug('volume', level)
  self:show()
end

function QuickApp:setMute(mute)
  mute = mute == true or mute == 'true' or mute == 1
  self:updateProperty('mute', mute)
  self:debug('mute', mute)
  self:show()
end

function QuickApp:volumeSlider(event) self:setVolume(event.values[1]) end
function QuickApp:muteSwitch(event) self:setMute(event.values[1]) end

function QuickApp:onInit()
  if self.properties.volume == nil then self:updateProperty('volume', 50) end
  self:updateProperty('mute', false)
  self:updateProperty('state', 'stopped')
  self:debug('onInit', self.name, self.id)
  -- what the HC3 app's player card sends
  fibaro.call(self.id, 'play')
  fibaro.call(self.id, 'setVolume', 35)
  fibaro.call(self.id, 'next')
  fibaro.setTimeout(500, function() fibaro.call(self.id, 'pause') end)
end
